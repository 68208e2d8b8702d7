package io.dynamini.embedded.protocol;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An error the engine answers with, as DynamoDB sends it: the {@code __type} with DynamoDB's namespace, the HTTP
 * status, the message, and any further members of the error body ({@code Item}, {@code CancellationReasons}).
 */
public class EngineException extends RuntimeException {

	private static final String DYNAMODB = "com.amazonaws.dynamodb.v20120810#";

	private final String type;

	private final int status;

	private final Map<String, Object> members = new LinkedHashMap<>();

	public EngineException(String type, int status, String message) {
		super(message, null, false, false);
		this.type = type;
		this.status = status;
	}

	/** @return the full {@code __type}, namespace included */
	public String type() {
		return type;
	}

	/** @return the name after the namespace, as SDKs match it */
	public String code() {
		return type.substring(type.indexOf('#') + 1);
	}

	public int status() {
		return status;
	}

	public EngineException with(String member, Object value) {
		members.put(member, value);
		return this;
	}

	/** @return the error body */
	public Map<String, Object> body() {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("__type", type);
		body.put("message", getMessage());
		body.putAll(members);
		return body;
	}

	/** DynamoDB's validation errors; its own messages where a client is likely to meet them. */
	public static EngineException validation(String message) {
		return new EngineException("com.amazon.coral.validate#ValidationException", 400, message);
	}

	/** DynamoDB's constraint message: {@code 1 validation error detected: Value … at '…' failed to satisfy constraint: …}. */
	public static EngineException constraint(Object value, String member, String constraint) {
		return validation("1 validation error detected: Value " + (value == null ? "null" : "'" + value + "'")
				+ " at '" + member + "' failed to satisfy constraint: " + constraint);
	}

	public static EngineException serialization(String message) {
		return new EngineException("com.amazon.coral.service#SerializationException", 400, message);
	}

	public static EngineException unknownOperation(String target) {
		return new EngineException("com.amazon.coral.service#UnknownOperationException", 400,
				"Unknown operation: " + target);
	}

	public static EngineException resourceNotFound(String message) {
		return new EngineException(DYNAMODB + "ResourceNotFoundException", 400, message);
	}

	public static EngineException tableNotFound(String table) {
		return resourceNotFound("Requested resource not found: Table: " + table + " not found");
	}

	public static EngineException resourceInUse(String message) {
		return new EngineException(DYNAMODB + "ResourceInUseException", 400, message);
	}

	public static EngineException conditionalCheckFailed() {
		return new EngineException(DYNAMODB + "ConditionalCheckFailedException", 400, "The conditional request failed");
	}

	public static EngineException transactionConflict(String message) {
		return new EngineException(DYNAMODB + "TransactionConflictException", 400, message);
	}

	public static EngineException idempotentParameterMismatch() {
		return new EngineException(DYNAMODB + "IdempotentParameterMismatchException", 400,
				"Request token was used with a different request within the last 10 minutes");
	}

	public static EngineException provisionedThroughputExceeded() {
		return new EngineException(DYNAMODB + "ProvisionedThroughputExceededException", 400,
				"The level of configured provisioned throughput for the table was exceeded. Consider increasing your "
						+ "provisioning level with the UpdateTable API.");
	}

	public static EngineException throttling() {
		return new EngineException("com.amazon.coral.availability#ThrottlingException", 400, "Rate of requests exceeds the allowed throughput.");
	}

	public static EngineException internalServerError() {
		return new EngineException(DYNAMODB + "InternalServerError", 500, "Internal server error");
	}

	public static EngineException limitExceeded(String message) {
		return new EngineException(DYNAMODB + "LimitExceededException", 400, message);
	}

	public static EngineException expiredIterator(String message) {
		return new EngineException(DYNAMODB + "ExpiredIteratorException", 400, message);
	}

	public static EngineException trimmedDataAccess(String message) {
		return new EngineException(DYNAMODB + "TrimmedDataAccessException", 400, message);
	}
}

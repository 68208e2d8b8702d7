package io.dynamini.aot;

import java.util.List;

import io.dynamini.changes.ChangeEvent;
import io.dynamini.changes.ChangeType;
import io.dynamini.core.DynaminiRevisionMetadata;
import io.dynamini.core.PropertyChange;
import io.dynamini.repository.VersionedRepository;
import io.dynamini.repository.support.DynaminiRepositoryFactoryBean;
import io.dynamini.repository.support.SimpleDynaminiRepository;

import org.jspecify.annotations.Nullable;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.TypeReference;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The runtime hints of dynamini itself (entity classes are the application's: the starter registers those it finds,
 * and Spring Data those of repositories): the repository base class and fragments Spring Data instantiates and calls
 * reflectively, the change feed's event types (their generics resolved at runtime), the JDK proxy through which
 * observed requests go, and the DynamoDB and DynamoDB Streams request and response classes dynamini sends and
 * reads, with the SDK's resources. Registered in {@code META-INF/spring/aot.factories}.
 */
public class DynaminiRuntimeHints implements RuntimeHintsRegistrar {

	/** The SDK model classes dynamini's requests use (operations without their Request/Response suffix). */
	static final List<String> OPERATIONS = List.of("GetItem", "PutItem", "UpdateItem", "DeleteItem", "Query", "Scan",
			"BatchGetItem", "BatchWriteItem", "TransactWriteItems", "TransactGetItems", "DescribeTable", "CreateTable",
			"UpdateTable", "DescribeTimeToLive", "UpdateTimeToLive", "TagResource", "ListTagsOfResource");

	static final List<String> STREAM_OPERATIONS = List.of("DescribeStream", "GetShardIterator", "GetRecords");

	static final List<String> MODEL = List.of("AttributeValue", "ConsumedCapacity", "CancellationReason",
			"TransactionCanceledException", "ConditionalCheckFailedException", "Record", "StreamRecord", "Shard",
			"StreamDescription", "TableDescription", "KeysAndAttributes", "TransactWriteItem", "Put", "Update", "Delete",
			"ConditionCheck", "WriteRequest", "PutRequest", "DeleteRequest");

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		MemberCategory[] all = { MemberCategory.INVOKE_DECLARED_CONSTRUCTORS, MemberCategory.INVOKE_DECLARED_METHODS,
				MemberCategory.ACCESS_DECLARED_FIELDS };
		for (Class<?> type : List.of(SimpleDynaminiRepository.class, DynaminiRepositoryFactoryBean.class,
				VersionedRepository.class, DynaminiRevisionMetadata.class, PropertyChange.class, ChangeEvent.class,
				ChangeType.class)) {
			hints.reflection().registerType(type, all);
		}
		hints.proxies().registerJdkProxy(DynamoDbClient.class);
		String model = "software.amazon.awssdk.services.dynamodb.model.";
		for (String operation : OPERATIONS) {
			register(hints, model + operation + "Request", all);
			register(hints, model + operation + "Response", all);
		}
		for (String operation : STREAM_OPERATIONS) {
			register(hints, model + operation + "Request", all);
			register(hints, model + operation + "Response", all);
		}
		for (String type : MODEL) {
			register(hints, model + type, all);
		}
		hints.resources().registerPattern("software/amazon/awssdk/services/dynamodb/execution.interceptors");
		hints.resources().registerPattern("software/amazon/awssdk/global/handlers/execution.interceptors");
	}

	private static void register(RuntimeHints hints, String className, MemberCategory... categories) {
		hints.reflection().registerType(TypeReference.of(className), categories);
	}
}

package io.dynamini.changes.lambda;

import java.util.LinkedHashMap;
import java.util.Map;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Identity;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;

/**
 * A Lambda event's stream record (the Lambda Java library's model) as the AWS SDK v2's {@link Record}, which the
 * decoder reads: keys and images value by value, event name, user identity, sequence number and time.
 */
final class LambdaRecords {

	private LambdaRecords() {
	}

	static Record toSdk(DynamodbEvent.DynamodbStreamRecord record) {
		com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord data = record.getDynamodb();
		StreamRecord.Builder stream = StreamRecord.builder()
			.keys(item(data.getKeys()))
			.newImage(item(data.getNewImage()))
			.oldImage(item(data.getOldImage()))
			.sequenceNumber(data.getSequenceNumber())
			.sizeBytes(data.getSizeBytes())
			.streamViewType(data.getStreamViewType());
		if (data.getApproximateCreationDateTime() != null) {
			stream.approximateCreationDateTime(data.getApproximateCreationDateTime().toInstant());
		}
		Record.Builder converted = Record.builder()
			.eventID(record.getEventID())
			.eventName(record.getEventName())
			.eventSource(record.getEventSource())
			.awsRegion(record.getAwsRegion())
			.dynamodb(stream.build());
		if (record.getUserIdentity() != null) {
			converted.userIdentity(Identity.builder()
				.type(record.getUserIdentity().getType())
				.principalId(record.getUserIdentity().getPrincipalId())
				.build());
		}
		return converted.build();
	}

	private static Map<String, AttributeValue> item(
			Map<String, com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue> item) {
		if (item == null) {
			return null;
		}
		Map<String, AttributeValue> converted = new LinkedHashMap<>();
		item.forEach((name, value) -> converted.put(name, value(value)));
		return converted;
	}

	static AttributeValue value(com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue value) {
		if (value.getS() != null) {
			return AttributeValue.fromS(value.getS());
		}
		if (value.getN() != null) {
			return AttributeValue.fromN(value.getN());
		}
		if (value.getB() != null) {
			return AttributeValue.fromB(SdkBytes.fromByteBuffer(value.getB()));
		}
		if (value.getSS() != null) {
			return AttributeValue.fromSs(value.getSS());
		}
		if (value.getNS() != null) {
			return AttributeValue.fromNs(value.getNS());
		}
		if (value.getBS() != null) {
			return AttributeValue.fromBs(value.getBS().stream().map(SdkBytes::fromByteBuffer).toList());
		}
		if (value.getM() != null) {
			return AttributeValue.fromM(item(value.getM()));
		}
		if (value.getL() != null) {
			return AttributeValue.fromL(value.getL().stream().map(LambdaRecords::value).toList());
		}
		if (value.getBOOL() != null) {
			return AttributeValue.fromBool(value.getBOOL());
		}
		if (Boolean.TRUE.equals(value.getNULL())) {
			return AttributeValue.fromNul(true);
		}
		// an empty map or list arrives with no type at all (as the SDK reads stream records too): an empty map
		return AttributeValue.fromM(Map.of());
	}
}

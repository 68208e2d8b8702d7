package io.dynamini.changes.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.dynamini.changes.ChangeEvent;
import io.dynamini.changes.ChangeType;
import io.dynamini.core.DynaminiTableAdmin;
import io.dynamini.core.DynaminiTemplate;
import io.dynamini.core.TableCapacity;
import io.dynamini.test.TestEngine;
import io.dynamini.test.domain.Note;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;

import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The Lambda entry point with events exactly as Lambda delivers them: stream records taken raw (JSON) from the
 * engine's stream, wrapped into a DynamoDB Streams event as Lambda does ({@code Records}, each with its
 * {@code eventSourceARN}), and read by the Lambda Java runtime's own serializer into a {@code DynamodbEvent}; a batch
 * in which one record's handling fails is reported from that record on.
 */
class DynaminiStreamsHandlerTests {

	static final DynamoDbClient client = TestEngine.client();

	static final String table = TestEngine.uniqueTableName(DynaminiStreamsHandlerTests.class);

	/** @return the event Lambda would deliver for every record of the table's stream so far */
	static String lambdaEvent(String streamArn) throws Exception {
		HttpClient http = HttpClient.newHttpClient();
		String shards = post(http, "DescribeStream", "{\"StreamArn\":\"" + streamArn + "\"}");
		Matcher shard = Pattern.compile("\"ShardId\":\"([^\"]+)\"").matcher(shards);
		List<String> records = new ArrayList<>();
		while (shard.find()) {
			String iterator = post(http, "GetShardIterator", "{\"StreamArn\":\"" + streamArn + "\",\"ShardId\":\""
					+ shard.group(1) + "\",\"ShardIteratorType\":\"TRIM_HORIZON\"}").replaceAll(".*\"ShardIterator\":\"([^\"]+)\".*", "$1");
			String response = post(http, "GetRecords", "{\"ShardIterator\":\"" + iterator + "\"}");
			String array = response.substring(response.indexOf('[') + 1, response.indexOf("],\"NextShardIterator\""));
			// each record as GetRecords returned it, with the trigger's eventSourceARN as Lambda adds it
			for (String record : array.split("(?<=\\}),(?=\\{\"eventID\")")) {
				if (!record.isBlank()) {
					records.add(record.substring(0, record.length() - 1) + ",\"eventSourceARN\":\"" + streamArn + "\"}");
				}
			}
		}
		return "{\"Records\":[" + String.join(",", records) + "]}";
	}

	static String post(HttpClient http, String operation, String body) throws Exception {
		return http.send(HttpRequest.newBuilder(TestEngine.endpoint())
			.header("X-Amz-Target", "DynamoDBStreams_20120810." + operation)
			.header("Content-Type", "application/x-amz-json-1.0")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString()).body();
	}

	static DynamodbEvent asLambdaDelivers(String json) {
		return LambdaEventSerializers.serializerFor(DynamodbEvent.class, DynamodbEvent.class.getClassLoader())
			.fromJson(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
	}

	@Test
	void aBatchBecomesChangeEventsAndAFailedRecordIsWhereLambdaRetries() throws Exception {
		new DynaminiTableAdmin(client).createTable(table, TableCapacity.onDemand(), true);
		DynaminiTemplate template = new DynaminiTemplate(client, table);
		Note note = template.save(new Note("lambda", "v1"));
		note.setText("v2");
		note = template.save(note);
		template.delete(note);
		String arn = client.describeTable(r -> r.tableName(table)).table().latestStreamArn();
		DynamodbEvent event = asLambdaDelivers(lambdaEvent(arn));
		assertThat(event.getRecords()).as("3 revisions and the latest item's 3 moves").hasSize(6);

		List<ChangeEvent<?>> seen = new ArrayList<>();
		AtomicInteger failures = new AtomicInteger();
		DynaminiStreamsHandler handler = new DynaminiStreamsHandler(Note.class) {
			@Override
			protected void onChange(ChangeEvent<?> change, Context context) {
				if (change.type() == ChangeType.UPDATE && failures.getAndIncrement() == 0) {
					throw new IllegalStateException("read model unavailable");
				}
				seen.add(change);
			}
		};
		StreamsEventResponse first = handler.handleRequest(event, null);
		assertThat(first.getBatchItemFailures()).singleElement().satisfies(failure -> assertThat(failure.getItemIdentifier())
			.isEqualTo(sequenceOfRevision(event, 2)));
		assertThat(seen).extracting(ChangeEvent::type).containsExactly(ChangeType.INSERT);

		// Lambda sends the batch again from the failed record on
		DynamodbEvent retry = new DynamodbEvent();
		List<DynamodbEvent.DynamodbStreamRecord> rest = new ArrayList<>();
		boolean from = false;
		for (DynamodbEvent.DynamodbStreamRecord record : event.getRecords()) {
			from |= record.getDynamodb().getSequenceNumber().equals(first.getBatchItemFailures().get(0).getItemIdentifier());
			if (from) {
				rest.add(record);
			}
		}
		retry.setRecords(rest);
		assertThat(handler.handleRequest(retry, null).getBatchItemFailures()).isEmpty();
		assertThat(seen).extracting(ChangeEvent::type).containsExactly(ChangeType.INSERT, ChangeType.UPDATE, ChangeType.DELETE);
		assertThat(seen).extracting(ChangeEvent::revision).containsExactly(1L, 2L, 3L);
		assertThat(seen.get(1).entity()).hasValueSatisfying(saved -> assertThat(((Note) saved).getText()).isEqualTo("v2"));
	}

	/** @return the sequence number of the stream record that wrote revision {@code n} (its revision item) */
	static String sequenceOfRevision(DynamodbEvent event, long n) {
		return event.getRecords()
			.stream()
			.filter(record -> record.getDynamodb().getKeys().get("sk").getS().startsWith("H#"))
			.filter(record -> record.getDynamodb().getNewImage().get("r").getN().equals(Long.toString(n)))
			.findFirst()
			.orElseThrow()
			.getDynamodb()
			.getSequenceNumber();
	}
}

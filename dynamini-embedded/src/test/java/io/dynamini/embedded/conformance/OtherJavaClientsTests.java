package io.dynamini.embedded.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import io.dynamini.embedded.EmbeddedDynamoDb;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbBean;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbPartitionKey;
import software.amazon.awssdk.enhanced.dynamodb.extensions.annotations.DynamoDbVersionAttribute;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Java clients nobody here wrote, against the engine over loopback HTTP: the SDK's async client on Netty (what the
 * KCL uses) and the enhanced client with its optimistic locking extension.
 */
class OtherJavaClientsTests {

	static final EmbeddedDynamoDb engine = EmbeddedDynamoDb.builder().start();

	@AfterAll
	static void stop() {
		engine.close();
	}

	static void createTable(DynamoDbClient client, String name) {
		client.createTable(r -> r.tableName(name)
			.billingMode(BillingMode.PAY_PER_REQUEST)
			.attributeDefinitions(AttributeDefinition.builder().attributeName("id").attributeType(ScalarAttributeType.S).build())
			.keySchema(KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build()));
	}

	@Test
	void theAsyncClientOnNettyWritesAndReads() throws Exception {
		try (DynamoDbAsyncClient client = DynamoDbAsyncClient.builder()
			.endpointOverride(engine.getEndpoint())
			.region(Region.US_EAST_1)
			.credentialsProvider(Clients.CREDENTIALS)
			.httpClient(NettyNioAsyncHttpClient.create())
			.build(); DynamoDbClient sync = Clients.dynamoDb(engine.getEndpoint(), null)) {
			createTable(sync, "async");
			var futures = new java.util.ArrayList<java.util.concurrent.CompletableFuture<?>>();
			for (int i = 0; i < 50; i++) {
				String id = "item-" + i;
				futures.add(client.putItem(r -> r.tableName("async").item(Map.of("id", AttributeValue.fromS(id)))));
			}
			java.util.concurrent.CompletableFuture.allOf(futures.toArray(java.util.concurrent.CompletableFuture[]::new)).get();
			assertThat(client.scan(r -> r.tableName("async")).get().count()).isEqualTo(50);
			assertThat(client.getItem(r -> r.tableName("async").key(Map.of("id", AttributeValue.fromS("item-7")))).get().item())
				.containsEntry("id", AttributeValue.fromS("item-7"));
		}
	}

	@DynamoDbBean
	public static class Document {

		private String id;

		private Long version;

		private String text;

		@DynamoDbPartitionKey
		public String getId() {
			return id;
		}

		public void setId(String id) {
			this.id = id;
		}

		@DynamoDbVersionAttribute
		public Long getVersion() {
			return version;
		}

		public void setVersion(Long version) {
			this.version = version;
		}

		public String getText() {
			return text;
		}

		public void setText(String text) {
			this.text = text;
		}
	}

	@Test
	void theEnhancedClientsOptimisticLockingWorks() {
		try (DynamoDbClient client = Clients.dynamoDb(engine.getEndpoint(), null)) {
			createTable(client, "enhanced");
			DynamoDbTable<Document> table = DynamoDbEnhancedClient.builder().dynamoDbClient(client).build()
				.table("enhanced", TableSchema.fromBean(Document.class));
			Document document = new Document();
			document.setId("d");
			document.setText("v1");
			table.putItem(document);
			Document loaded = table.getItem(r -> r.key(k -> k.partitionValue("d")));
			assertThat(loaded.getVersion()).isEqualTo(1L);
			Document stale = table.getItem(r -> r.key(k -> k.partitionValue("d")));
			loaded.setText("v2");
			table.updateItem(loaded);
			stale.setText("stale");
			assertThatThrownBy(() -> table.updateItem(stale)).isInstanceOf(ConditionalCheckFailedException.class);
			assertThat(table.getItem(r -> r.key(k -> k.partitionValue("d"))).getText()).isEqualTo("v2");
		}
	}
}

package io.dynamini.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dynamini.test.TestEngine;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.dao.InvalidDataAccessResourceUsageException;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

class DynaminiTableAdminIntegrationTests {

	static final DynamoDbClient client = TestEngine.client();

	final DynaminiTableAdmin admin = new DynaminiTableAdmin(client);

	@AfterAll
	static void close() {
		client.close();
	}

	@Test
	void createsTheTableWithItsIndexesAndProvisionedCapacity() {
		String name = TestEngine.uniqueTableName(getClass());

		assertThat(admin.createIfMissing(name, TableCapacity.provisioned(3, 2))).isTrue();

		TableDescription table = admin.describe(name).orElseThrow();
		assertThat(table.provisionedThroughput().readCapacityUnits()).isEqualTo(3);
		assertThat(table.provisionedThroughput().writeCapacityUnits()).isEqualTo(2);
		assertThat(table.globalSecondaryIndexes()).extracting(index -> index.indexName())
			.containsExactlyInAnyOrder(TableLayout.TYPE_INDEX, "gsi1", "gsi2", "gsi3", "gsi4", "gsi5");
		assertThat(table.globalSecondaryIndexes())
			.allSatisfy(index -> assertThat(index.provisionedThroughput().readCapacityUnits()).isEqualTo(3));
		assertThat(table.localSecondaryIndexes()).extracting(index -> index.indexName())
			.containsExactly(TableLayout.REVISION_INDEX);
		assertThat(admin.createIfMissing(name, TableCapacity.onDemand())).as("second call validates only").isFalse();
	}

	@Test
	void createsAnOnDemandTable() {
		String name = TestEngine.uniqueTableName(getClass());
		admin.createTable(name, TableCapacity.onDemand());
		TableDescription table = admin.describe(name).orElseThrow();
		assertThat(table.billingModeSummary().billingMode()).isEqualTo(BillingMode.PAY_PER_REQUEST);
	}

	@Test
	void createsAnOnDemandTableWithAMaximumThroughputOnTheTableAndEachIndexAndItsTtlEnabled() {
		RequestCaptor captor = new RequestCaptor();
		try (DynamoDbClient capturing = TestEngine.client(captor)) {
			String name = TestEngine.uniqueTableName(getClass());
			new DynaminiTableAdmin(capturing).createTable(name, TableCapacity.onDemand(100, 40));

			CreateTableRequest sent = captor.createTable;
			assertThat(sent.billingMode()).isEqualTo(BillingMode.PAY_PER_REQUEST);
			assertThat(sent.onDemandThroughput().maxReadRequestUnits()).isEqualTo(100);
			assertThat(sent.onDemandThroughput().maxWriteRequestUnits()).isEqualTo(40);
			assertThat(sent.globalSecondaryIndexes()).hasSize(6)
				.allSatisfy(index -> assertThat(index.onDemandThroughput()).isEqualTo(sent.onDemandThroughput()));
			assertThat(new DynaminiTableAdmin(capturing).hasTimeToLive(name)).isTrue();
		}
	}

	/** Keeps the CreateTable request as the SDK sends it. */
	static final class RequestCaptor implements software.amazon.awssdk.core.interceptor.ExecutionInterceptor {

		volatile CreateTableRequest createTable;

		@Override
		public void beforeExecution(software.amazon.awssdk.core.interceptor.Context.BeforeExecution context,
				software.amazon.awssdk.core.interceptor.ExecutionAttributes attributes) {
			if (context.request() instanceof CreateTableRequest request) {
				createTable = request;
			}
		}
	}

	@Test
	void rejectsAnExistingTableWhoseKeysDoNotFit() {
		String name = TestEngine.uniqueTableName(getClass());
		client.createTable(request -> request.tableName(name)
			.billingMode(BillingMode.PAY_PER_REQUEST)
			.attributeDefinitions(AttributeDefinition.builder().attributeName("id").attributeType(ScalarAttributeType.S).build())
			.keySchema(KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build()));

		assertThatThrownBy(() -> admin.createIfMissing(name, TableCapacity.onDemand()))
			.isInstanceOf(InvalidDataAccessResourceUsageException.class)
			.hasMessageContaining(name)
			.hasMessageContaining("key schema must be pk (HASH, S) and sk (RANGE, S)")
			.hasMessageContaining(TableLayout.REVISION_INDEX)
			.hasMessageContaining(TableLayout.TYPE_INDEX);
	}

	@Test
	void capacityMustBePositiveWhenProvisioned() {
		assertThatThrownBy(() -> TableCapacity.provisioned(0, 1)).isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("readCapacityUnits");
	}
}

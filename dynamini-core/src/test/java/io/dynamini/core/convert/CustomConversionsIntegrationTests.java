package io.dynamini.core.convert;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import io.dynamini.annotation.VersionedEntity;
import io.dynamini.core.DynaminiTableAdmin;
import io.dynamini.core.DynaminiTemplate;
import io.dynamini.core.TableCapacity;
import io.dynamini.core.mapping.DynaminiMappingContext;
import io.dynamini.test.TestEngine;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;

import software.amazon.awssdk.enhanced.dynamodb.AttributeConverter;
import software.amazon.awssdk.enhanced.dynamodb.AttributeValueType;
import software.amazon.awssdk.enhanced.dynamodb.EnhancedType;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A value type of the application stored as one attribute by a converter of its own, instead of a nested map.
 */
public class CustomConversionsIntegrationTests {

	/** An application value type. */
	public record Money(long cents, String currency) {
	}

	@VersionedEntity("invoice")
	public record Invoice(@Id String id, @Version Long version, Money total) {
	}

	/** Stores money as text such as {@code "1234 EUR"}. */
	public static final class MoneyConverter implements AttributeConverter<Money> {

		@Override
		public AttributeValue transformFrom(Money money) {
			return AttributeValue.fromS(money.cents() + " " + money.currency());
		}

		@Override
		public Money transformTo(AttributeValue value) {
			String[] parts = value.s().split(" ");
			return new Money(Long.parseLong(parts[0]), parts[1]);
		}

		@Override
		public EnhancedType<Money> type() {
			return EnhancedType.of(Money.class);
		}

		@Override
		public AttributeValueType attributeValueType() {
			return AttributeValueType.S;
		}
	}

	static final DynamoDbClient client = TestEngine.client();

	static final String table = TestEngine.uniqueTableName(CustomConversionsIntegrationTests.class);

	@AfterAll
	static void close() {
		client.close();
	}

	@Test
	void aValueTypeWithAConverterOfTheApplicationsIsOneAttribute() {
		new DynaminiTableAdmin(client).createTable(table, TableCapacity.onDemand());
		DynaminiMappingContext mapping = new DynaminiMappingContext(DynaminiCustomConversions.of(new MoneyConverter()));
		DynaminiTemplate template = DynaminiTemplate.builder()
			.client(client)
			.tableName(table)
			.converter(new DynaminiEntityConverter(mapping))
			.build();

		template.save(new Invoice("i1", null, new Money(1234, "EUR")));

		assertThat(template.findById(Invoice.class, "i1")).get().extracting(Invoice::total)
			.isEqualTo(new Money(1234, "EUR"));
		Map<String, AttributeValue> stored = client.getItem(request -> request.tableName(table)
			.key(Map.of("pk", AttributeValue.fromS("#invoice#i1"), "sk", AttributeValue.fromS("A")))).item();
		assertThat(stored.get("d").m().get("total")).isEqualTo(AttributeValue.fromS("1234 EUR"));

		assertThat(new DynaminiMappingContext().isSimpleType(Money.class)).as("without the converter: a nested map")
			.isFalse();
		assertThat(mapping.isSimpleType(Money.class)).isTrue();
	}
}

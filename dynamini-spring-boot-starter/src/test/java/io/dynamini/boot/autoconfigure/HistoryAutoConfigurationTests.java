package io.dynamini.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import io.dynamini.core.DynaminiTableAdmin;
import io.dynamini.core.DynaminiTemplate;
import io.dynamini.core.HistoryRetention;
import io.dynamini.core.TableCapacity;
import io.dynamini.core.TableLayout;
import io.dynamini.core.mapping.DynaminiMappingContext;
import io.dynamini.test.domain.Draft;
import io.dynamini.test.domain.Sample;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.dao.InvalidDataAccessResourceUsageException;

import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * {@code dynamini.history.*} reaches the template as the default retention, every {@code @VersionedEntity} of the
 * application's packages enters the mapping context at startup, and the table's TTL is enabled where creation is
 * allowed and required where it is not.
 */
class HistoryAutoConfigurationTests extends AbstractEngineContextTests {

	DynamoDbClient client() {
		return DynamoDbClient.builder()
			.endpointOverride(engine.getEndpoint())
			.region(Region.US_EAST_1)
			.credentialsProvider(DynaminiClientAutoConfiguration.LOCAL_CREDENTIALS)
			.build();
	}

	@Test
	void theHistoryPropertiesAreTheDefaultOfTypesThatDeclareNoneAndTheTableGetsItsTtl() {
		runner.withPropertyValues("dynamini.table.name=h-" + System.nanoTime(), "dynamini.history.keep-revisions=2",
				"dynamini.history.retain=7d")
			.run(context -> {
				assertThat(context).hasNotFailed();
				DynaminiTemplate template = context.getBean(DynaminiTemplate.class);
				assertThat(context.getBean(DynaminiTableAdmin.class).hasTimeToLive(template.getTableName())).isTrue();
				Sample sample = template.save(new Sample("s", null, 1));
				for (int i = 2; i <= 4; i++) {
					Thread.sleep(2);
					sample = template.save(sample.withValue(i));
				}
				// all four were superseded within 7 days: kept; a type declaring keepRevisions = 3 keeps its own rule
				assertThat(template.findRevisions(Sample.class, "s").getContent()).hasSize(4);
				assertThat(DynaminiDataAutoConfiguration.historyRetention(
						context.getBean(DynaminiProperties.class).getHistory()))
					.isEqualTo(new HistoryRetention(Duration.ofDays(7), 2));
				assertThat(context.getBean(DynaminiMappingContext.class).getPersistentEntity(Draft.class))
					.as("scanned at startup, no repository needed")
					.isNotNull();
			});
	}

	@Test
	void aRetentionThatIsNotPositiveFailsStartupNamingTheProperty() {
		runner.withPropertyValues("dynamini.table.name=h-" + System.nanoTime(), "dynamini.history.keep-revisions=0")
			.run(context -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("dynamini.history.keep-revisions"));
	}

	@Test
	void anExistingTableWithoutTtlGetsItWhenCreationIsAllowedAndFailsStartupOtherwise() {
		String table = "h-" + System.nanoTime();
		try (DynamoDbClient client = client()) {
			DynaminiTableAdmin admin = new DynaminiTableAdmin(client);
			admin.createTable(table, TableCapacity.onDemand());
			client.updateTimeToLive(request -> request.tableName(table)
				.timeToLiveSpecification(spec -> spec.attributeName(TableLayout.TIME_TO_LIVE).enabled(false)));
			assertThat(admin.hasTimeToLive(table)).isFalse();

			runner.withPropertyValues("dynamini.table.name=" + table, "dynamini.table.create=false")
				.run(context -> assertThat(context).getFailure()
					.isInstanceOf(InvalidDataAccessResourceUsageException.class)
					.hasMessageContaining("no DynamoDB TTL on attribute 'x'")
					.hasMessageContaining("@VersionedEntity io.dynamini.test.domain.")
					.hasMessageContaining("dynamini.table.create=true"));

			runner.withPropertyValues("dynamini.table.name=" + table)
				.run(context -> assertThat(context).hasNotFailed());
			assertThat(admin.hasTimeToLive(table)).isTrue();
		}
	}
}

package io.dynamini.core.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;

import io.dynamini.annotation.ExpiresAt;
import io.dynamini.annotation.VersionedEntity;
import io.dynamini.repository.VersionedRepository;
import io.dynamini.repository.support.DynaminiRepositoryFactory;
import io.dynamini.test.domain.Session;

import org.junit.jupiter.api.Test;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.mapping.MappingException;

import io.dynamini.core.DynaminiTemplate;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

class DynaminiMappingContextUnitTests {

	@VersionedEntity("Customer")
	record Customer(@Id String id, @Version Long version) {
	}

	@VersionedEntity("Customer")
	record LegacyCustomer(@Id String id, @Version Long version) {
	}

	static class Outer {

		@VersionedEntity
		record Customer(@Id String id, @Version Long version) {
		}
	}

	interface CustomerRepository extends VersionedRepository<Customer, String> {
	}

	interface LegacyCustomerRepository extends VersionedRepository<LegacyCustomer, String> {
	}

	@Test
	void twoClassesUnderOneEntityNameAreRejectedNamingBoth() {
		DynaminiMappingContext context = new DynaminiMappingContext();
		context.getRequiredPersistentEntity(Customer.class);

		assertThatThrownBy(() -> context.getRequiredPersistentEntity(LegacyCustomer.class))
			.isInstanceOf(MappingException.class)
			.hasMessageContaining(Customer.class.getName())
			.hasMessageContaining(LegacyCustomer.class.getName())
			.hasMessageContaining("'Customer'");
	}

	@Test
	void classesOfOneSimpleNameInOtherPackagesOrNestingCollideByDefault() {
		DynaminiMappingContext context = new DynaminiMappingContext();
		context.getRequiredPersistentEntity(Outer.Customer.class);

		assertThatThrownBy(() -> context.getRequiredPersistentEntity(Customer.class))
			.isInstanceOf(MappingException.class)
			.hasMessageContaining("@VersionedEntity");
	}

	@Test
	void theSecondRepositoryOverAnotherClassOfTheSameNameFailsAtCreation() {
		try (DynamoDbClient client = DynamoDbClient.builder().region(Region.US_EAST_1).build()) {
			DynaminiRepositoryFactory factory = new DynaminiRepositoryFactory(new DynaminiTemplate(client, "unused"));
			assertThat(factory.getRepository(CustomerRepository.class)).isNotNull();

			assertThatThrownBy(() -> factory.getRepository(LegacyCustomerRepository.class))
				.hasMessageContaining(LegacyCustomer.class.getName())
				.hasMessageContaining(Customer.class.getName());
		}
	}

	@VersionedEntity(retainHistory = "90 days")
	record NotADuration(@Id String id, @Version Long version) {
	}

	@VersionedEntity(retainHistory = "-P1D")
	record NegativeRetention(@Id String id, @Version Long version) {
	}

	@VersionedEntity(keepRevisions = -1)
	record NegativeCount(@Id String id, @Version Long version) {
	}

	@VersionedEntity(retainHistory = " P90D ", keepRevisions = 100)
	record Retained(@Id String id, @Version Long version) {
	}

	@Test
	void aHistoryRetentionThatIsNotAPositiveDurationOrCountIsRejectedNamingTheClassAndTheValue() {
		DynaminiMappingContext context = new DynaminiMappingContext();
		assertThatThrownBy(() -> context.getRequiredPersistentEntity(NotADuration.class))
			.isInstanceOf(MappingException.class)
			.hasMessageContaining("retainHistory = \"90 days\"")
			.hasMessageContaining(NotADuration.class.getName())
			.hasMessageContaining("ISO-8601");
		assertThatThrownBy(() -> context.getRequiredPersistentEntity(NegativeRetention.class))
			.hasMessageContaining("-P1D")
			.hasMessageContaining("positive");
		assertThatThrownBy(() -> context.getRequiredPersistentEntity(NegativeCount.class))
			.hasMessageContaining("keepRevisions = -1")
			.hasMessageContaining(NegativeCount.class.getName());

		DynaminiPersistentEntity<?> retained = context.getRequiredPersistentEntity(Retained.class);
		assertThat(retained.declaresHistoryRetention()).isTrue();
		assertThat(retained.getRetainHistory()).isEqualTo(Duration.ofDays(90));
		assertThat(retained.getKeepRevisions()).isEqualTo(100);
		assertThat(context.getRequiredPersistentEntity(Customer.class).declaresHistoryRetention()).isFalse();
	}

	@VersionedEntity
	record ExpiresAtLong(@Id String id, @Version Long version, @ExpiresAt Long expiresAt) {
	}

	@VersionedEntity
	record TwoExpiries(@Id String id, @Version Long version, @ExpiresAt Instant a,
			@ExpiresAt Instant b) {
	}

	@Test
	void anExpiresAtThatIsNotOneInstantPropertyIsRejectedNamingIt() {
		DynaminiMappingContext context = new DynaminiMappingContext();
		assertThatThrownBy(() -> context.getRequiredPersistentEntity(ExpiresAtLong.class))
			.isInstanceOf(MappingException.class)
			.hasMessageContaining("ExpiresAtLong.expiresAt must be a java.time.Instant, not java.lang.Long");
		assertThatThrownBy(() -> context.getRequiredPersistentEntity(TwoExpiries.class))
			.hasMessageContaining("two @ExpiresAt properties");
		assertThat(context.getRequiredPersistentEntity(Session.class).getExpiresAtProperty())
			.isNotNull();
		assertThat(context.getRequiredPersistentEntity(Session.class).needsTimeToLive()).isTrue();
	}
}

package io.dynamini.core.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dynamini.annotation.VersionedEntity;
import io.dynamini.repository.VersionedRepository;
import io.dynamini.repository.support.DynaminiRepositoryFactory;

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
}

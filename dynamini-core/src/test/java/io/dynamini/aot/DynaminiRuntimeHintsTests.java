package io.dynamini.aot;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynamini.changes.ChangeEvent;
import io.dynamini.changes.ChangeType;
import io.dynamini.repository.VersionedRepository;
import io.dynamini.repository.support.DynaminiRepositoryFactoryBean;
import io.dynamini.repository.support.SimpleDynaminiRepository;

import org.junit.jupiter.api.Test;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.TypeReference;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.core.io.support.SpringFactoriesLoader;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * dynamini's runtime hints: registered through {@code META-INF/spring/aot.factories} as Spring's AOT processing finds
 * them, and covering the repository base class and fragments, the change feed's event types, the observed client's
 * JDK proxy and the SDK classes dynamini's requests use. (A consumer build, {@code aot-on-the-jvm}, runs an application
 * processed ahead of time with {@code -Dspring.aot.enabled=true}.)
 */
class DynaminiRuntimeHintsTests {

	@Test
	void theRegistrarIsFoundWhereSpringsAotProcessingLooks() {
		assertThat(SpringFactoriesLoader.forResourceLocation("META-INF/spring/aot.factories")
			.load(RuntimeHintsRegistrar.class)).hasAtLeastOneElementOfType(DynaminiRuntimeHints.class);
	}

	@Test
	void repositoryFragmentsEventsTheObservedClientAndTheSdkPathsAreRegistered() {
		RuntimeHints hints = new RuntimeHints();
		new DynaminiRuntimeHints().registerHints(hints, getClass().getClassLoader());

		for (Class<?> type : new Class<?>[] { SimpleDynaminiRepository.class, DynaminiRepositoryFactoryBean.class,
				VersionedRepository.class, ChangeEvent.class, ChangeType.class }) {
			assertThat(RuntimeHintsPredicates.reflection()
				.onType(type)
				.withMemberCategories(MemberCategory.INVOKE_DECLARED_CONSTRUCTORS, MemberCategory.INVOKE_DECLARED_METHODS))
				.as(type.getName())
				.accepts(hints);
		}
		assertThat(RuntimeHintsPredicates.proxies().forInterfaces(DynamoDbClient.class)).accepts(hints);
		for (String sdk : new String[] { "TransactWriteItemsRequest", "TransactWriteItemsResponse", "QueryRequest",
				"GetRecordsResponse", "ConsumedCapacity", "CancellationReason" }) {
			TypeReference type = TypeReference.of("software.amazon.awssdk.services.dynamodb.model." + sdk);
			assertThat(RuntimeHintsPredicates.reflection().onType(type)).as(sdk).accepts(hints);
		}
		// every SDK class named exists in the SDK dynamini is built with
		hints.reflection().typeHints().forEach(hint -> assertThat(exists(hint.getType().getName())).as(hint.getType().getName()).isTrue());
		assertThat(RuntimeHintsPredicates.resource()
			.forResource("software/amazon/awssdk/services/dynamodb/execution.interceptors")).accepts(hints);
	}

	static boolean exists(String className) {
		try {
			Class.forName(className, false, DynaminiRuntimeHintsTests.class.getClassLoader());
			return true;
		}
		catch (ClassNotFoundException ex) {
			return false;
		}
	}
}

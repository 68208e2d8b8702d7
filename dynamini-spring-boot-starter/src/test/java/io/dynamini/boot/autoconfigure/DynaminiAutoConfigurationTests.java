package io.dynamini.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;


import io.dynamini.core.DynaminiOperations;
import io.dynamini.core.DynaminiTableAdmin;
import io.dynamini.core.DynaminiTemplate;
import io.dynamini.test.RequestCounter;
import io.dynamini.test.domain.Note;
import io.dynamini.embedded.EmbeddedDynamoDb;
import io.dynamini.test.domain.NoteRepository;

import org.junit.jupiter.api.AfterAll;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.InvalidDataAccessResourceUsageException;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

class DynaminiAutoConfigurationTests {

	/** One engine for the tests that point the starter at an existing endpoint. */
	static final EmbeddedDynamoDb sharedEngine = new EmbeddedDynamoDb(null);

	final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DynaminiClientAutoConfiguration.class,
				DynaminiDataAutoConfiguration.class, DynaminiRepositoriesAutoConfiguration.class))
		.withUserConfiguration(RepositoryPackage.class);

	ApplicationContextRunner againstSharedEngine() {
		return runner.withPropertyValues("dynamini.endpoint=" + sharedEngine.getEndpoint(),
				"dynamini.table.name=t-" + System.nanoTime());
	}

	@AfterAll
	static void stopEngine() throws Exception {
		sharedEngine.close();
	}

	@AutoConfigurationPackage(basePackageClasses = NoteRepository.class)
	@Configuration(proxyBeanMethods = false)
	static class RepositoryPackage {

	}

	@Nested
	class EmbeddedEngine {

		@Test
		void staysOffWhenTheApplicationHasItsOwnClient() {
			runner.withPropertyValues("dynamini.table.name=t-" + System.nanoTime())
				.withBean(DynamoDbClient.class, () -> DynamoDbClient.builder()
					.endpointOverride(sharedEngine.getEndpoint())
					.region(Region.US_EAST_1)
					.credentialsProvider(DynaminiClientAutoConfiguration.LOCAL_CREDENTIALS)
					.build())
				.run(context -> {
					assertThat(context).hasNotFailed().doesNotHaveBean(EmbeddedDynamoDb.class);
				});
		}

		@Test
		void staysOffWhenAnEndpointIsConfiguredOrItIsDisabled() {
			runner.withPropertyValues("dynamini.table.name=t-" + System.nanoTime(),
					"dynamini.endpoint=" + sharedEngine.getEndpoint())
				.run(context -> {
					assertThat(context).hasNotFailed().doesNotHaveBean(EmbeddedDynamoDb.class);
					assertThat(context.getBean(DynamoDbClient.class).serviceClientConfiguration().endpointOverride())
						.contains(sharedEngine.getEndpoint());
				});
			// disabled: the client targets AWS itself; every request is stopped before it leaves the machine
			java.util.List<String> hosts = new java.util.concurrent.CopyOnWriteArrayList<>();
			ExecutionInterceptor offline = new ExecutionInterceptor() {
				@Override
				public void beforeTransmission(software.amazon.awssdk.core.interceptor.Context.BeforeTransmission request,
						software.amazon.awssdk.core.interceptor.ExecutionAttributes attributes) {
					hosts.add(request.httpRequest().host());
					throw new IllegalStateException("offline test");
				}
			};
			runner.withPropertyValues("dynamini.embedded.enabled=false", "dynamini.region=eu-west-1")
				.withBean(ExecutionInterceptor.class, () -> offline)
				.withBean(software.amazon.awssdk.auth.credentials.AwsCredentialsProvider.class,
						() -> DynaminiClientAutoConfiguration.LOCAL_CREDENTIALS)
				.run(context -> {
					assertThat(context).getFailure().rootCause().hasMessageContaining("offline test");
					assertThat(hosts).isNotEmpty().allMatch(host -> host.equals("dynamodb.eu-west-1.amazonaws.com"));
				});
		}

		@Test
		void startsByItselfWhenOnTheClassPathAndNothingElseIsConfigured() {
			runner.run(context -> {
				assertThat(context).hasNotFailed().hasSingleBean(EmbeddedDynamoDb.class);
				assertThat(context.getBean(DynamoDbClient.class).serviceClientConfiguration().endpointOverride())
					.contains(context.getBean(EmbeddedDynamoDb.class).getEndpoint());
			});
		}

		@Test
		void startsOnLoopbackCreatesTheTableAndServesRepositories() {
			runner.withPropertyValues("dynamini.embedded.enabled=true").run(context -> {
				assertThat(context).hasSingleBean(EmbeddedDynamoDb.class);
				DynamoDbClient client = context.getBean(DynamoDbClient.class);
				TableDescription table = client.describeTable(r -> r.tableName("dynamini")).table();
				assertThat(table.billingModeSummary().billingMode()).isEqualTo(BillingMode.PAY_PER_REQUEST);
				NoteRepository notes = context.getBean(NoteRepository.class);
				Note saved = notes.save(new Note("ann", "embedded"));
				assertThat(notes.findById(saved.getId())).isPresent();
			});
		}

		@Test
		void keepsDataInAFolderAcrossRestarts(@TempDir Path folder) {
			ApplicationContextRunner persistent = runner.withPropertyValues("dynamini.embedded.enabled=true",
					"dynamini.embedded.path=" + folder);
			String[] id = new String[1];
			persistent.run(context -> id[0] = context.getBean(NoteRepository.class).save(new Note("ann", "kept")).getId());
			persistent.run(context -> assertThat(context.getBean(NoteRepository.class).findById(id[0])).get()
				.extracting(Note::getText)
				.isEqualTo("kept"));
		}

		@Test
		void listensOnTheLoopbackInterfaceOnly() throws Exception {
			int port = sharedEngine.getEndpoint().getPort();
			try (java.net.Socket loopback = new java.net.Socket("127.0.0.1", port)) {
				assertThat(loopback.isConnected()).isTrue();
			}
			for (java.net.NetworkInterface nic : java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces())) {
				for (java.net.InetAddress address : java.util.Collections.list(nic.getInetAddresses())) {
					if (address.isLoopbackAddress()) {
						continue;
					}
					try (java.net.Socket outside = new java.net.Socket()) {
						org.assertj.core.api.Assertions
							.assertThatThrownBy(() -> outside.connect(new java.net.InetSocketAddress(address, port), 2000))
							.as("connect via %s", address)
							.isInstanceOf(java.io.IOException.class);
					}
				}
			}
		}

		@Test
		void failsStartupWhenTheEmbeddedEngineIsMissing() {
			runner.withPropertyValues("dynamini.embedded.enabled=true")
				.withClassLoader(new FilteredClassLoader(EmbeddedDynamoDb.class))
				.run(context -> assertThat(context).getFailure()
					.rootCause()
					.hasMessageContaining("io.dynamini:dynamini-embedded"));
		}
	}

	@Nested
	class Table {

		@Test
		void isCreatedProvisionedWithTheConfiguredCapacity() {
			againstSharedEngine()
				.withPropertyValues("dynamini.table.billing-mode=provisioned", "dynamini.table.read-capacity-units=7",
						"dynamini.table.write-capacity-units=3")
				.run(context -> {
					String name = context.getBean(DynaminiTemplate.class).getTableName();
					TableDescription table = context.getBean(DynaminiTableAdmin.class).describe(name).orElseThrow();
					assertThat(table.provisionedThroughput().readCapacityUnits()).isEqualTo(7);
					assertThat(table.provisionedThroughput().writeCapacityUnits()).isEqualTo(3);
					assertThat(table.globalSecondaryIndexes().get(0).provisionedThroughput().writeCapacityUnits())
						.isEqualTo(3);
				});
		}

		@Test
		void missingTableFailsStartupWhenCreationIsOff() {
			againstSharedEngine().withPropertyValues("dynamini.table.create=false")
				.run(context -> assertThat(context).getFailure()
					.rootCause()
					.isInstanceOf(InvalidDataAccessResourceUsageException.class)
					.hasMessageContaining("dynamini.table.create=false"));
		}

		@Test
		void existingTableWithWrongKeysFailsStartup() {
			String name = "wrong-" + System.nanoTime();
			try (DynamoDbClient client = localClient()) {
				client.createTable(r -> r.tableName(name)
					.billingMode(BillingMode.PAY_PER_REQUEST)
					.attributeDefinitions(a -> a.attributeName("id").attributeType("S"))
					.keySchema(k -> k.attributeName("id").keyType("HASH")));
			}
			againstSharedEngine().withPropertyValues("dynamini.table.name=" + name)
				.run(context -> assertThat(context).getFailure()
					.rootCause()
					.hasMessageContaining("does not fit dynamini"));
		}

		@Test
		void badValuesFailStartupNamingTheProperty() {
			againstSharedEngine().withPropertyValues("dynamini.table.read-capacity-units=-1")
				.run(context -> assertThat(context).getFailure()
					.rootCause()
					.hasMessageContaining("dynamini.table.read-capacity-units"));
			againstSharedEngine().withPropertyValues("dynamini.table.billing-mode=free")
				.run(context -> assertThat(context).getFailure().hasStackTraceContaining("dynamini.table.billing-mode"));
			againstSharedEngine().withPropertyValues("dynamini.retry.max-attempts=0")
				.run(context -> assertThat(context).getFailure()
					.rootCause()
					.hasMessageContaining("dynamini.retry.max-attempts"));
			againstSharedEngine().withPropertyValues("dynamini.retry.base-delay=0ms")
				.run(context -> assertThat(context).getFailure().hasStackTraceContaining("dynamini.retry.base-delay"));
			againstSharedEngine().withPropertyValues("dynamini.endpoint=localhost:8000")
				.run(context -> assertThat(context).getFailure().hasStackTraceContaining("dynamini.endpoint"));
			againstSharedEngine().withPropertyValues("dynamini.table.name=x")
				.run(context -> assertThat(context).getFailure().hasStackTraceContaining("dynamini.table.name"));
		}
	}

	@Nested
	class Client {

		@Test
		void addsEveryInterceptorBeanAndAppliesCustomizers() {
			RequestCounter counter = new RequestCounter();
			againstSharedEngine().withBean(RequestCounter.class, () -> counter)
				.withBean(DynaminiClientCustomizer.class, () -> builder -> builder.region(Region.EU_WEST_1))
				.run(context -> {
					context.getBean(NoteRepository.class).save(new Note("ann", "counted"));
					assertThat(counter.count("TransactWriteItems")).isEqualTo(1);
					assertThat(context.getBean(DynamoDbClient.class).serviceClientConfiguration().region())
						.isEqualTo(Region.EU_WEST_1);
				});
		}

		@Test
		void appliesTheRegionProperty() {
			againstSharedEngine().withPropertyValues("dynamini.region=ap-southeast-2")
				.run(context -> assertThat(context.getBean(DynamoDbClient.class).serviceClientConfiguration().region())
					.isEqualTo(Region.AP_SOUTHEAST_2));
		}

		@Test
		void appliesRetrySettings() {
			againstSharedEngine().withPropertyValues("dynamini.retry.max-attempts=2", "dynamini.retry.base-delay=10ms")
				.run(context -> assertThat(context.getBean(DynamoDbClient.class)
					.serviceClientConfiguration()
					.overrideConfiguration()
					.retryStrategy()
					.orElseThrow()
					.maxAttempts()).isEqualTo(2));
		}

		@Test
		void consistentReadCanBeTurnedOff() {
			AtomicBoolean consistent = new AtomicBoolean(true);
			ExecutionInterceptor capture = new ExecutionInterceptor() {
				@Override
				public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
					if (context.request() instanceof GetItemRequest get) {
						consistent.set(Boolean.TRUE.equals(get.consistentRead()));
					}
				}
			};
			againstSharedEngine().withPropertyValues("dynamini.consistent-read=false")
				.withBean(ExecutionInterceptor.class, () -> capture)
				.run(context -> {
					context.getBean(NoteRepository.class).findById("x");
					assertThat(consistent).isFalse();
				});
		}

		@Test
		void backsOffForUserBeans() {
			DynaminiOperations custom = new DynaminiTemplate(localClient(), "custom");
			againstSharedEngine().withPropertyValues("dynamini.table.create=true")
				.withBean("dynaminiTemplate", DynaminiOperations.class, () -> custom)
				.run(context -> {
					assertThat(context).hasSingleBean(DynaminiOperations.class);
					assertThat(context.getBean(DynaminiOperations.class)).isSameAs(custom);
				});
			DynamoDbClient client = localClient();
			againstSharedEngine().withBean(DynamoDbClient.class, () -> client)
				.run(context -> assertThat(context.getBean(DynamoDbClient.class)).isSameAs(client));
		}

		@Test
		void repositoriesCanBeTurnedOff() {
			againstSharedEngine().withPropertyValues("dynamini.repositories.enabled=false")
				.run(context -> assertThat(context).doesNotHaveBean(NoteRepository.class)
					.hasSingleBean(DynaminiTemplate.class));
		}
	}

	@Nested
	class Health {

		final ApplicationContextRunner withHealth = againstSharedEngine()
			.withConfiguration(AutoConfigurations.of(DynaminiHealthContributorAutoConfiguration.class));

		@Test
		void reportsTheTableWhenHealthSupportIsPresent() {
			withHealth.run(context -> {
				assertThat(context).hasSingleBean(DynaminiHealthIndicator.class);
				assertThat(context.getBean(DynaminiHealthIndicator.class).health(true).getStatus())
					.isEqualTo(org.springframework.boot.health.contributor.Status.UP);
			});
		}

		@Test
		void canBeTurnedOff() {
			withHealth.withPropertyValues("management.health.dynamini.enabled=false")
				.run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(DynaminiHealthIndicator.class));
		}

		@Test
		void backsOffWithoutHealthSupport() {
			withHealth.withClassLoader(new FilteredClassLoader(org.springframework.boot.health.contributor.HealthIndicator.class))
				.run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(DynaminiHealthIndicator.class));
		}
	}

	@Test
	void aCustomConversionsBeanReachesTheMappingContextAndTheTemplate() {
		io.dynamini.core.convert.DynaminiCustomConversions conversions = io.dynamini.core.convert.DynaminiCustomConversions
			.of(new io.dynamini.core.convert.CustomConversionsIntegrationTests.MoneyConverter());
		againstSharedEngine().withBean(io.dynamini.core.convert.DynaminiCustomConversions.class, () -> conversions)
			.run(context -> {
				assertThat(context.getBean(io.dynamini.core.mapping.DynaminiMappingContext.class)
					.isSimpleType(io.dynamini.core.convert.CustomConversionsIntegrationTests.Money.class)).isTrue();
				assertThat(context.getBean(io.dynamini.core.convert.DynaminiEntityConverter.class).getMappingContext())
					.isSameAs(context.getBean(io.dynamini.core.mapping.DynaminiMappingContext.class));
				assertThat(context.getBean(DynaminiTemplate.class).getMappingContext())
					.isSameAs(context.getBean(io.dynamini.core.mapping.DynaminiMappingContext.class));
			});
	}

	static DynamoDbClient localClient() {
		return DynamoDbClient.builder()
			.endpointOverride(sharedEngine.getEndpoint())
			.region(Region.US_EAST_1)
			.credentialsProvider(DynaminiClientAutoConfiguration.LOCAL_CREDENTIALS)
			.httpClientBuilder(software.amazon.awssdk.http.apache.ApacheHttpClient.builder())
			.build();
	}
}

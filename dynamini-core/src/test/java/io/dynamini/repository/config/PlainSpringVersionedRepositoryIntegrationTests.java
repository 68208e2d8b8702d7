package io.dynamini.repository.config;

import io.dynamini.core.DynaminiTableAdmin;
import io.dynamini.core.DynaminiTemplate;
import io.dynamini.core.TableCapacity;
import io.dynamini.repository.AbstractVersionedRepositoryIntegrationTests;
import io.dynamini.test.TestEngine;
import io.dynamini.test.RequestCounter;
import io.dynamini.test.SwitchableTenant;
import io.dynamini.test.domain.NoteRepository;
import io.dynamini.test.domain.TaskRepository;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The shared repository suite on a plain Spring context that enables repositories with
 * {@link EnableDynaminiRepositories}.
 */
@SpringJUnitConfig
class PlainSpringVersionedRepositoryIntegrationTests extends AbstractVersionedRepositoryIntegrationTests {

	@Configuration(proxyBeanMethods = false)
	@EnableDynaminiRepositories(basePackageClasses = NoteRepository.class)
	static class Config {

		@Bean
		RequestCounter requestCounter() {
			return new RequestCounter();
		}

		@Bean
		SwitchableTenant tenantResolver() {
			return new SwitchableTenant();
		}

		@Bean(destroyMethod = "close")
		DynamoDbClient dynamoDbClient(RequestCounter counter) {
			return TestEngine.client(counter);
		}

		@Bean
		DynaminiTemplate dynaminiTemplate(DynamoDbClient client, SwitchableTenant tenant) {
			String table = TestEngine.uniqueTableName(PlainSpringVersionedRepositoryIntegrationTests.class);
			new DynaminiTableAdmin(client).createTable(table, TableCapacity.onDemand());
			return DynaminiTemplate.builder().client(client).tableName(table).tenantResolver(tenant).build();
		}
	}

	@Autowired
	NoteRepository notes;

	@Autowired
	TaskRepository tasks;

	@Autowired
	RequestCounter counter;

	@Autowired
	SwitchableTenant tenant;

	@Override
	protected NoteRepository notes() {
		return notes;
	}

	@Override
	protected TaskRepository tasks() {
		return tasks;
	}

	@Override
	protected RequestCounter counter() {
		return counter;
	}

	@Override
	protected SwitchableTenant tenant() {
		return tenant;
	}
}

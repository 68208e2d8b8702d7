package io.dynamini.boot.autoconfigure;

import io.dynamini.core.DynaminiTemplate;
import io.dynamini.core.transaction.DynaminiTransactionManager;

import io.micrometer.observation.ObservationRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionManager;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Registers {@link DynaminiTransactionManager} as {@code dynaminiTransactionManager} when the application defines
 * no transaction manager of its own, before Spring Boot's transaction auto-configuration, so that
 * {@code @Transactional} and the auto-configured {@code TransactionTemplate} buffer dynamini writes and commit them
 * as one {@code TransactWriteItems}. Runs after Spring Boot's JDBC, JPA and JTA transaction managers, so that an
 * application with one of those keeps it (and can declare a {@code DynaminiTransactionManager} bean itself and name
 * it in {@code @Transactional("...")}).
 */
@AutoConfiguration(after = DynaminiDataAutoConfiguration.class,
		afterName = { "org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration",
				"org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration",
				"org.springframework.boot.transaction.jta.autoconfigure.JtaAutoConfiguration" },
		beforeName = "org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration")
@ConditionalOnClass({ PlatformTransactionManager.class, DynaminiTemplate.class })
@ConditionalOnBean(DynamoDbClient.class)
@EnableConfigurationProperties(DynaminiProperties.class)
public class DynaminiTransactionAutoConfiguration {

	@Bean(name = "dynaminiTransactionManager")
	@ConditionalOnMissingBean(TransactionManager.class)
	DynaminiTransactionManager dynaminiTransactionManager(DynamoDbClient dynamoDbClient, DynaminiProperties properties,
			ObjectProvider<ObservationRegistry> observationRegistry) {
		DynaminiTransactionManager manager = new DynaminiTransactionManager(dynamoDbClient);
		manager.setObservationRegistry(DynaminiDataAutoConfiguration.observationRegistry(properties, observationRegistry));
		return manager;
	}
}

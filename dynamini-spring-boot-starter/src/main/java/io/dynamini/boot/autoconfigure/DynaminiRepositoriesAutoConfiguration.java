package io.dynamini.boot.autoconfigure;

import java.lang.annotation.Annotation;

import io.dynamini.repository.VersionedRepository;
import io.dynamini.repository.config.DynaminiRepositoryConfigurationExtension;
import io.dynamini.repository.config.EnableDynaminiRepositories;
import io.dynamini.repository.support.DynaminiRepositoryFactoryBean;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.data.AbstractRepositoryConfigurationSourceSupport;
import org.springframework.context.annotation.Import;
import org.springframework.data.repository.config.RepositoryConfigurationExtension;

/**
 * Enables dynamini repositories found in the application's packages, as Spring Boot does for its own data
 * modules; backs off when the application uses {@link EnableDynaminiRepositories} itself.
 */
@AutoConfiguration(after = DynaminiDataAutoConfiguration.class)
@ConditionalOnClass(VersionedRepository.class)
@ConditionalOnMissingBean(DynaminiRepositoryFactoryBean.class)
@ConditionalOnProperty(prefix = "dynamini.repositories", name = "enabled", havingValue = "true",
		matchIfMissing = true)
@Import(DynaminiRepositoriesAutoConfiguration.Registrar.class)
public class DynaminiRepositoriesAutoConfiguration {

	static class Registrar extends AbstractRepositoryConfigurationSourceSupport {

		@Override
		protected Class<? extends Annotation> getAnnotation() {
			return EnableDynaminiRepositories.class;
		}

		@Override
		protected Class<?> getConfiguration() {
			return EnableDynaminiRepositoriesConfiguration.class;
		}

		@Override
		protected RepositoryConfigurationExtension getRepositoryConfigurationExtension() {
			return new DynaminiRepositoryConfigurationExtension();
		}

		@EnableDynaminiRepositories
		private static final class EnableDynaminiRepositoriesConfiguration {

		}
	}
}

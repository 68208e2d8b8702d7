package io.dynamini.repository.config;

import java.lang.annotation.Annotation;

import org.springframework.data.repository.config.RepositoryBeanDefinitionRegistrarSupport;
import org.springframework.data.repository.config.RepositoryConfigurationExtension;

/**
 * Registers dynamini repositories for {@link EnableDynaminiRepositories}.
 */
class DynaminiRepositoriesRegistrar extends RepositoryBeanDefinitionRegistrarSupport {

	@Override
	protected Class<? extends Annotation> getAnnotation() {
		return EnableDynaminiRepositories.class;
	}

	@Override
	protected RepositoryConfigurationExtension getExtension() {
		return new DynaminiRepositoryConfigurationExtension();
	}
}

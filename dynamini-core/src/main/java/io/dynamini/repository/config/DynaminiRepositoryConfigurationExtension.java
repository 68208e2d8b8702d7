package io.dynamini.repository.config;

import java.lang.annotation.Annotation;
import java.util.Collection;
import java.util.List;

import io.dynamini.annotation.VersionedEntity;
import io.dynamini.repository.VersionedRepository;
import io.dynamini.repository.support.DynaminiRepositoryFactoryBean;

import org.springframework.beans.factory.support.BeanDefinitionBuilder;
import org.springframework.data.repository.config.AnnotationRepositoryConfigurationSource;
import org.springframework.data.repository.config.RepositoryConfigurationExtensionSupport;

/**
 * Tells Spring Data's repository infrastructure which interfaces are dynamini's and how to build them; shared by
 * {@link EnableDynaminiRepositories} and the Spring Boot starter.
 */
public class DynaminiRepositoryConfigurationExtension extends RepositoryConfigurationExtensionSupport {

	/** Default name of the {@link io.dynamini.core.DynaminiOperations} bean. */
	public static final String DEFAULT_TEMPLATE_REF = "dynaminiTemplate";

	@Override
	public String getModuleName() {
		return "Dynamini";
	}

	@Override
	protected String getModulePrefix() {
		return "dynamini";
	}

	@Override
	public String getRepositoryFactoryBeanClassName() {
		return DynaminiRepositoryFactoryBean.class.getName();
	}

	@Override
	protected Collection<Class<? extends Annotation>> getIdentifyingAnnotations() {
		return List.of(VersionedEntity.class);
	}

	@Override
	protected Collection<Class<?>> getIdentifyingTypes() {
		return List.of(VersionedRepository.class);
	}

	@Override
	public void postProcess(BeanDefinitionBuilder builder, AnnotationRepositoryConfigurationSource config) {
		String templateRef = config.getAttributes().getString("dynaminiTemplateRef");
		builder.addPropertyReference("dynaminiOperations",
				templateRef == null || templateRef.isEmpty() ? DEFAULT_TEMPLATE_REF : templateRef);
	}
}

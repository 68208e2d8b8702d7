package io.dynamini.repository.config;

import java.lang.annotation.Annotation;

import io.dynamini.core.RevisionAuthors;
import io.dynamini.core.mapping.event.AuditingEntityCallback;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.support.BeanDefinitionBuilder;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.data.auditing.IsNewAwareAuditingHandler;
import org.springframework.data.auditing.config.AuditingBeanDefinitionRegistrarSupport;
import org.springframework.data.auditing.config.AuditingConfiguration;
import org.springframework.data.config.ParsingUtils;

/**
 * Registers, for {@link EnableDynaminiAuditing}, an {@link IsNewAwareAuditingHandler} over the dynamini mapping
 * context, the {@link AuditingEntityCallback} that applies it before each conversion, and the
 * {@link RevisionAuthors} the template stamps revisions with (as spring-data-cassandra's auditing registrar does).
 */
class DynaminiAuditingRegistrar extends AuditingBeanDefinitionRegistrarSupport {

	static final String MAPPING_CONTEXT = "dynaminiMappingContext";

	@Override
	protected Class<? extends Annotation> getAnnotation() {
		return EnableDynaminiAuditing.class;
	}

	@Override
	protected String getAuditingHandlerBeanName() {
		return "dynaminiAuditingHandler";
	}

	@Override
	public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
		super.registerBeanDefinitions(metadata, registry);
		AuditingConfiguration configuration = getConfiguration(metadata);
		BeanDefinitionBuilder authors = BeanDefinitionBuilder.rootBeanDefinition(RevisionAuthors.class);
		authors.addPropertyValue("auditorAwareRef", configuration.getAuditorAwareRef());
		registerInfrastructureBeanWithId(authors.getBeanDefinition(), RevisionAuthors.class.getName(), registry);
	}

	@Override
	protected void postProcess(BeanDefinitionBuilder builder, AuditingConfiguration configuration,
			BeanDefinitionRegistry registry) {
		builder.setFactoryMethod("from").addConstructorArgReference(MAPPING_CONTEXT);
	}

	@Override
	protected BeanDefinitionBuilder getAuditHandlerBeanDefinitionBuilder(AuditingConfiguration configuration) {
		return configureDefaultAuditHandlerAttributes(configuration,
				BeanDefinitionBuilder.rootBeanDefinition(IsNewAwareAuditingHandler.class));
	}

	@Override
	protected void registerAuditListenerBeanDefinition(BeanDefinition auditingHandlerDefinition,
			BeanDefinitionRegistry registry) {
		BeanDefinitionBuilder callback = BeanDefinitionBuilder.rootBeanDefinition(AuditingEntityCallback.class);
		callback.addConstructorArgValue(
				ParsingUtils.getObjectFactoryBeanDefinition(getAuditingHandlerBeanName(), registry));
		callback.getRawBeanDefinition().setSource(auditingHandlerDefinition.getSource());
		registerInfrastructureBeanWithId(callback.getBeanDefinition(), AuditingEntityCallback.class.getName(), registry);
	}
}

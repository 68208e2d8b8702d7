package io.dynamini.boot.aot;

import java.util.LinkedHashSet;
import java.util.Set;

import io.dynamini.annotation.VersionedEntity;

import org.jspecify.annotations.Nullable;
import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotContribution;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotProcessor;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.util.ClassUtils;

/**
 * At build time (Spring's AOT processing), finds the {@code @VersionedEntity} classes in the application's packages
 * (those Spring Boot scans) and registers what dynamini reads and writes reflectively: each class, its constructors,
 * fields and accessors, and the types of its properties (as for data binding), so that a native image can map them,
 * whether the application reaches them through a repository or only through {@code DynaminiTemplate}.
 */
public class VersionedEntityAotProcessor implements BeanFactoryInitializationAotProcessor {

	@Override
	public @Nullable BeanFactoryInitializationAotContribution processAheadOfTime(ConfigurableListableBeanFactory beanFactory) {
		if (!AutoConfigurationPackages.has(beanFactory)) {
			return null;
		}
		Set<Class<?>> entities = entities(AutoConfigurationPackages.get(beanFactory), beanFactory.getBeanClassLoader());
		if (entities.isEmpty()) {
			return null;
		}
		return (generationContext, code) -> {
			BindingReflectionHintsRegistrar binding = new BindingReflectionHintsRegistrar();
			for (Class<?> entity : entities) {
				binding.registerReflectionHints(generationContext.getRuntimeHints().reflection(), entity);
				generationContext.getRuntimeHints()
					.reflection()
					.registerType(entity, MemberCategory.INVOKE_DECLARED_CONSTRUCTORS,
							MemberCategory.INVOKE_DECLARED_METHODS, MemberCategory.ACCESS_DECLARED_FIELDS);
			}
		};
	}

	/** @return the {@code @VersionedEntity} classes in the given packages */
	static Set<Class<?>> entities(Iterable<String> packages, @Nullable ClassLoader classLoader) {
		ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
		scanner.addIncludeFilter(new AnnotationTypeFilter(VersionedEntity.class));
		Set<Class<?>> entities = new LinkedHashSet<>();
		for (String basePackage : packages) {
			for (BeanDefinition candidate : scanner.findCandidateComponents(basePackage)) {
				entities.add(ClassUtils.resolveClassName(candidate.getBeanClassName(), classLoader));
			}
		}
		return entities;
	}
}

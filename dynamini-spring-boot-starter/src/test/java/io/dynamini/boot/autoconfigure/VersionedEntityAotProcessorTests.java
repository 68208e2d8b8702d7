package io.dynamini.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynamini.boot.aot.VersionedEntityAotProcessor;
import io.dynamini.test.domain.Note;
import io.dynamini.test.domain.NoteRepository;
import io.dynamini.test.domain.Task;

import org.junit.jupiter.api.Test;
import org.springframework.aot.generate.DefaultGenerationContext;
import org.springframework.aot.generate.InMemoryGeneratedFiles;
import org.springframework.aot.generate.ClassNameGenerator;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotContribution;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotProcessor;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.javapoet.ClassName;

/**
 * At build time the starter registers the application's {@code @VersionedEntity} classes (those in Spring Boot's
 * packages) for reflection, repositories or not; without application packages it contributes nothing.
 */
class VersionedEntityAotProcessorTests {

	@Test
	void entitiesOfTheApplicationsPackagesAreRegisteredForReflection() {
		DefaultListableBeanFactory beanFactory = new DefaultListableBeanFactory();
		AutoConfigurationPackages.register(beanFactory, NoteRepository.class.getPackageName());
		BeanFactoryInitializationAotContribution contribution = new VersionedEntityAotProcessor()
			.processAheadOfTime(beanFactory);
		DefaultGenerationContext generation = new DefaultGenerationContext(
				new ClassNameGenerator(ClassName.get("com.example", "App")), new InMemoryGeneratedFiles());

		assertThat(contribution).isNotNull();
		contribution.applyTo(generation, null);

		for (Class<?> entity : new Class<?>[] { Note.class, Task.class }) {
			assertThat(RuntimeHintsPredicates.reflection()
				.onType(entity)
				.withMemberCategories(MemberCategory.INVOKE_DECLARED_CONSTRUCTORS, MemberCategory.ACCESS_DECLARED_FIELDS))
				.as(entity.getName())
				.accepts(generation.getRuntimeHints());
		}
		assertThat(RuntimeHintsPredicates.reflection().onType(NoteRepository.class)).rejects(generation.getRuntimeHints());
	}

	@Test
	void withoutApplicationPackagesThereIsNothingToRegister() {
		assertThat(new VersionedEntityAotProcessor().processAheadOfTime(new DefaultListableBeanFactory())).isNull();
	}

	@Test
	void theProcessorIsFoundWhereSpringsAotProcessingLooks() {
		assertThat(SpringFactoriesLoader.forResourceLocation("META-INF/spring/aot.factories")
			.load(BeanFactoryInitializationAotProcessor.class)).hasAtLeastOneElementOfType(VersionedEntityAotProcessor.class);
	}
}

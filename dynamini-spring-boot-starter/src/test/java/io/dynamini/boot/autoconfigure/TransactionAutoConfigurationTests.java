package io.dynamini.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import io.dynamini.core.transaction.DynaminiTransactionManager;
import io.dynamini.embedded.EmbeddedDynamoDb;
import io.dynamini.test.RequestCounter;
import io.dynamini.test.domain.Note;
import io.dynamini.test.domain.NoteRepository;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.AbstractPlatformTransactionManager;
import org.springframework.transaction.support.DefaultTransactionStatus;

/**
 * {@code @Transactional} on a service using repositories, as an application writes it: the starter's
 * {@code dynaminiTransactionManager} sends the method's writes as one request at commit, or nothing at all; an
 * application's own transaction manager is left alone.
 */
class TransactionAutoConfigurationTests {

	static final EmbeddedDynamoDb engine = new EmbeddedDynamoDb(null);

	final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DynaminiClientAutoConfiguration.class,
				DynaminiDataAutoConfiguration.class, DynaminiRepositoriesAutoConfiguration.class,
				DynaminiTransactionAutoConfiguration.class, TransactionAutoConfiguration.class))
		.withUserConfiguration(Services.class)
		.withPropertyValues("dynamini.endpoint=" + engine.getEndpoint(), "dynamini.table.name=t-" + System.nanoTime());

	@AfterAll
	static void stopEngine() throws Exception {
		engine.close();
	}

	@AutoConfigurationPackage(basePackageClasses = NoteRepository.class)
	@Configuration(proxyBeanMethods = false)
	static class Services {

		@Bean
		RequestCounter requestCounter() {
			return new RequestCounter();
		}

		@Bean
		Notebook notebook(NoteRepository notes) {
			return new Notebook(notes);
		}
	}

	static class Notebook {

		final NoteRepository notes;

		Notebook(NoteRepository notes) {
			this.notes = notes;
		}

		@Transactional
		public void writeBoth(String first, String second, boolean fail) {
			notes.save(new Note("ann", first));
			notes.save(new Note("bob", second));
			if (fail) {
				throw new IllegalStateException("rolled back");
			}
		}
	}

	@Test
	void aTransactionalMethodCommitsItsWritesAsOneRequestOrNothing() {
		runner.run(context -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean("dynaminiTransactionManager")).isInstanceOf(DynaminiTransactionManager.class);
			Notebook notebook = context.getBean(Notebook.class);
			RequestCounter counter = context.getBean(RequestCounter.class);
			NoteRepository notes = context.getBean(NoteRepository.class);
			counter.reset();

			notebook.writeBoth("one", "two", false);
			assertThat(counter.snapshot()).isEqualTo(Map.of("TransactWriteItems", 1L));
			assertThat(notes.findAll()).extracting(Note::getText).containsExactlyInAnyOrder("one", "two");

			assertThatThrownBy(() -> notebook.writeBoth("three", "four", true)).hasMessage("rolled back");
			assertThat(notes.findAll()).extracting(Note::getText).containsExactlyInAnyOrder("one", "two");
		});
	}

	@Test
	void anApplicationsOwnTransactionManagerIsKept() {
		runner.withBean("jdbcLikeTransactionManager", PlatformTransactionManager.class, OwnTransactionManager::new)
			.run(context -> {
				assertThat(context).hasNotFailed().doesNotHaveBean(DynaminiTransactionManager.class);
				assertThat(context.getBean(PlatformTransactionManager.class)).isInstanceOf(OwnTransactionManager.class);
			});
	}

	static class OwnTransactionManager extends AbstractPlatformTransactionManager {

		@Override
		protected Object doGetTransaction() {
			return new Object();
		}

		@Override
		protected void doBegin(Object transaction, TransactionDefinition definition) {
		}

		@Override
		protected void doCommit(DefaultTransactionStatus status) {
		}

		@Override
		protected void doRollback(DefaultTransactionStatus status) {
		}
	}
}

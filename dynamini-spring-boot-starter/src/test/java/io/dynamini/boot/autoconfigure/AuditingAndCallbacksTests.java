package io.dynamini.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import io.dynamini.core.DynaminiRevisionMetadata;
import io.dynamini.core.mapping.event.AfterConvertCallback;
import io.dynamini.core.mapping.event.AfterSaveCallback;
import io.dynamini.core.mapping.event.BeforeConvertCallback;
import io.dynamini.core.mapping.event.BeforeSaveCallback;
import io.dynamini.embedded.EmbeddedDynamoDb;
import io.dynamini.repository.config.EnableDynaminiAuditing;
import io.dynamini.test.domain.AuditedNote;
import io.dynamini.test.domain.AuditedNoteRepository;
import io.dynamini.test.domain.Note;
import io.dynamini.test.domain.NoteRepository;
import io.dynamini.test.domain.Order;
import io.dynamini.test.domain.OrderRepository;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.data.domain.AuditorAware;
import org.springframework.data.history.Revision;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Auditing with revision authors, entity callbacks and domain events, in a Boot application: created values survive
 * updates, delete and restore; every revision names its author; callbacks run in spring-data-cassandra's order;
 * {@code AbstractAggregateRoot} events are published after a save, and after the commit inside a transaction.
 */
class AuditingAndCallbacksTests {

	static final EmbeddedDynamoDb engine = new EmbeddedDynamoDb(null);

	static final AtomicReference<String> user = new AtomicReference<>("alice");

	final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DynaminiClientAutoConfiguration.class,
				DynaminiDataAutoConfiguration.class, DynaminiRepositoriesAutoConfiguration.class,
				DynaminiTransactionAutoConfiguration.class, TransactionAutoConfiguration.class))
		.withUserConfiguration(Audited.class)
		.withPropertyValues("dynamini.endpoint=" + engine.getEndpoint(), "dynamini.table.name=t-" + System.nanoTime());

	@AfterAll
	static void stopEngine() throws Exception {
		engine.close();
	}

	@AutoConfigurationPackage(basePackageClasses = NoteRepository.class)
	@EnableDynaminiAuditing(auditorAwareRef = "currentUser")
	@Configuration(proxyBeanMethods = false)
	static class Audited {

		final List<String> calls = new CopyOnWriteArrayList<>();

		final List<Object> events = new CopyOnWriteArrayList<>();

		@Bean
		AuditorAware<String> currentUser() {
			return () -> Optional.ofNullable(user.get());
		}

		@Bean
		AuditorAware<String> anotherAuditorAware() {
			return () -> Optional.of("must not be used");
		}

		@Bean
		BeforeConvertCallback<Note> beforeConvert() {
			return (note, table) -> {
				calls.add("beforeConvert");
				return note;
			};
		}

		@Bean
		BeforeSaveCallback<Note> beforeSave() {
			return (note, state, table) -> {
				calls.add("beforeSave:" + state.get("text").s());
				state.put("owner", AttributeValue.fromS("set by a callback"));
				return note;
			};
		}

		@Bean
		AfterSaveCallback<Note> afterSave() {
			return (note, table) -> {
				calls.add("afterSave:" + note.getVersion());
				return note;
			};
		}

		@Bean
		AfterConvertCallback<Note> afterConvert() {
			return (note, state, table) -> {
				calls.add("afterConvert");
				return note;
			};
		}

		@EventListener
		void on(Order.Placed placed) {
			events.add("published " + placed.orderId());
		}

		@TransactionalEventListener
		void afterCommit(Order.Placed placed) {
			events.add("after commit " + placed.orderId());
		}
	}

	@Test
	void createdValuesSurviveUpdatesDeleteAndRestoreAndEveryRevisionNamesItsAuthor() {
		runner.run(context -> {
			assertThat(context).hasNotFailed();
			AuditedNoteRepository notes = context.getBean(AuditedNoteRepository.class);
			Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);
			user.set("alice");
			AuditedNote created = notes.save(new AuditedNote("first"));
			assertThat(created.getCreatedBy()).isEqualTo("alice");
			assertThat(created.getModifiedBy()).isEqualTo("alice");
			assertThat(created.getCreatedAt()).isAfterOrEqualTo(before.minusSeconds(1));

			user.set("bob");
			AuditedNote updated = notes.update(created.getId(), note -> {
				note.setText("second");
				return note;
			});
			assertThat(updated.getCreatedBy()).isEqualTo("alice");
			assertThat(updated.getCreatedAt()).isEqualTo(created.getCreatedAt());
			assertThat(updated.getModifiedBy()).isEqualTo("bob");

			user.set("carol");
			notes.deleteById(created.getId());
			user.set("dave");
			AuditedNote restored = notes.restore(created.getId()).orElseThrow();
			assertThat(restored.getCreatedBy()).isEqualTo("alice");
			assertThat(restored.getCreatedAt()).isEqualTo(created.getCreatedAt());

			List<Revision<Long, AuditedNote>> history = notes.findRevisions(created.getId()).getContent();
			assertThat(history).extracting(revision -> ((DynaminiRevisionMetadata) revision.getMetadata().getDelegate())
				.getAuthor()
				.orElse("none")).containsExactly("alice", "bob", "carol", "dave");
			assertThat(notes.findLastChangeRevision(created.getId())).get()
				.extracting(revision -> ((DynaminiRevisionMetadata) revision.getMetadata().getDelegate()).getAuthor())
				.isEqualTo(Optional.of("dave"));
			assertThat(notes.findRevision(created.getId(), 2L)).get()
				.extracting(revision -> ((DynaminiRevisionMetadata) revision.getMetadata().getDelegate()).getAuthor())
				.isEqualTo(Optional.of("bob"));

			user.set(null);
			notes.save(restored);
			assertThat(notes.findLastChangeRevision(created.getId())).get()
				.extracting(revision -> ((DynaminiRevisionMetadata) revision.getMetadata().getDelegate()).getAuthor())
				.as("no auditor, no author").isEqualTo(Optional.empty());
		});
	}

	@Test
	void callbacksRunInOrderAndBeforeSaveSeesAndChangesTheItem() {
		runner.run(context -> {
			Audited config = context.getBean(Audited.class);
			NoteRepository notes = context.getBean(NoteRepository.class);

			Note saved = notes.save(new Note("ann", "hello"));
			assertThat(config.calls).containsExactly("beforeConvert", "beforeSave:hello", "afterSave:1");

			config.calls.clear();
			assertThat(notes.findById(saved.getId())).get().extracting(Note::getOwner).isEqualTo("set by a callback");
			assertThat(config.calls).containsExactly("afterConvert");

			config.calls.clear();
			notes.findAll();
			notes.findRevisions(saved.getId());
			assertThat(config.calls).containsOnly("afterConvert").hasSizeGreaterThanOrEqualTo(2);
		});
	}

	@Test
	void domainEventsArePublishedAfterASaveAndAfterTheCommitInsideATransaction() {
		runner.run(context -> {
			Audited config = context.getBean(Audited.class);
			OrderRepository orders = context.getBean(OrderRepository.class);

			orders.save(new Order("o-1", "book").place());
			assertThat(config.events).containsExactly("published o-1");

			config.events.clear();
			new TransactionTemplate(context.getBean(org.springframework.transaction.PlatformTransactionManager.class))
				.executeWithoutResult(status -> {
					orders.save(new Order("o-2", "pen").place());
					assertThat(config.events).as("inside the transaction: only the plain listener")
						.containsExactly("published o-2");
				});
			assertThat(config.events).containsExactly("published o-2", "after commit o-2");
			assertThat(orders.findById("o-2")).get().extracting(Order::isPlaced).isEqualTo(true);
		});
	}
}

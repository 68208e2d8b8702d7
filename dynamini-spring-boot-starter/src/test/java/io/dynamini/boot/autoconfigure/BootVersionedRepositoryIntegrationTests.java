package io.dynamini.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynamini.repository.AbstractVersionedRepositoryIntegrationTests;
import io.dynamini.test.BootTestApplication;
import io.dynamini.test.RequestCounter;
import io.dynamini.test.SwitchableTenant;
import io.dynamini.test.domain.Note;
import io.dynamini.test.domain.NoteRepository;
import io.dynamini.test.domain.TaskRepository;

import io.dynamini.embedded.EmbeddedDynamoDb;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * The shared repository suite on a Spring Boot application that only adds the starter: no {@code @Enable...}
 * annotation, no bean definitions for dynamini, the embedded engine on.
 */
@SpringBootTest(classes = BootTestApplication.class,
		properties = { "dynamini.embedded.enabled=true", "dynamini.table.name=boot-suite" })
@ExtendWith(OutputCaptureExtension.class)
class BootVersionedRepositoryIntegrationTests extends AbstractVersionedRepositoryIntegrationTests {

	@Autowired
	NoteRepository notes;

	@Autowired
	TaskRepository tasks;

	@Autowired
	RequestCounter counter;

	@Autowired
	SwitchableTenant tenant;

	@Autowired
	HealthIndicator dynaminiHealthIndicator;

	@Autowired
	EmbeddedDynamoDb engine;

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

	@Test
	void savesAndReadsHistoryOnTheEmbeddedEngineOverLoopbackHttp() {
		Note note = notes.save(new Note("ann", "boot"));
		note.setText("boot 2");
		notes.save(note);

		assertThat(notes.findRevisions(note.getId()).getContent()).hasSize(2);
		assertThat(engine.getEndpoint().getHost()).isEqualTo("127.0.0.1");
		assertThat(counter.count("TransactWriteItems")).isEqualTo(2);
	}

	@Test
	void theEnginesRejectedRequestsDoNotFloodTheLog(CapturedOutput output) {
		Note note = notes.save(new Note("ann", "v1"));
		Note stale = notes.findById(note.getId()).orElseThrow();
		notes.save(note);
		org.assertj.core.api.Assertions.assertThatThrownBy(() -> notes.save(stale))
			.isInstanceOf(org.springframework.dao.OptimisticLockingFailureException.class);
		assertThat(output.getAll()).doesNotContain("ConditionalCheckFailed").doesNotContain("conditional request failed");
	}

	@Test
	void healthReportsTheTableUp() {
		var health = dynaminiHealthIndicator.health(true);
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("table", "boot-suite").containsEntry("status", "ACTIVE");
	}
}

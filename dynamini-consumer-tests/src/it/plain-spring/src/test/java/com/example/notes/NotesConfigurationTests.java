package com.example.notes;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;

import io.dynamini.embedded.EmbeddedDynamoDb;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;

@SpringJUnitConfig(NotesConfigurationTests.Engine.class)
class NotesConfigurationTests {

	@Configuration
	@Import(NotesConfiguration.class)
	static class Engine {

		@Bean
		EmbeddedDynamoDb embeddedDynamoDb() {
			return new EmbeddedDynamoDb(null);
		}

		@Bean
		URI dynamoDbEndpoint(EmbeddedDynamoDb engine) {
			return engine.getEndpoint();
		}
	}

	@Autowired
	NoteRepository notes;

	@Test
	void startsSavesAndReadsHistory() {
		Note note = notes.save(new Note("n1", null, "first"));
		notes.save(note.withText("second"));

		assertThat(notes.findRevisions("n1").getContent()).extracting(revision -> revision.getEntity().text())
			.containsExactly("first", "second");
	}
}

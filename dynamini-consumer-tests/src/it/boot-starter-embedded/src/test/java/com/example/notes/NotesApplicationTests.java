package com.example.notes;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.history.Revision;
import software.amazon.awssdk.core.util.VersionInfo;

@SpringBootTest
class NotesApplicationTests {

	@Autowired
	NoteRepository notes;

	@Test
	void startsSavesAndReadsHistory() {
		Note note = notes.save(new Note("n1", null, "first"));
		notes.save(note.withText("second"));

		assertThat(notes.findRevisions("n1").getContent()).extracting(revision -> revision.getEntity().text())
			.containsExactly("first", "second");
		assertThat(notes.findLastChangeRevision("n1")).get().extracting(Revision::getRequiredRevisionNumber)
			.isEqualTo(2L);
		// one AWS SDK version, dynamini's: the embedded engine brings none of its own
		assertThat(VersionInfo.SDK_VERSION).isEqualTo(System.getProperty("dynamini.aws-sdk.version"));
	}
}

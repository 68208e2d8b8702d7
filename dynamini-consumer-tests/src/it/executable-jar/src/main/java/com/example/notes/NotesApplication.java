package com.example.notes;

import java.util.List;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

@SpringBootApplication
public class NotesApplication {

	public static void main(String[] args) {
		SpringApplication application = new SpringApplication(NotesApplication.class);
		System.exit(SpringApplication.exit(application.run(args)));
	}

	/** With --smoke-test: saves, reads the history back and fails the process unless it is right. */
	@Bean
	ApplicationRunner smokeTest(NoteRepository notes) {
		return (ApplicationArguments arguments) -> {
			if (!arguments.containsOption("smoke-test")) {
				return;
			}
			Note note = notes.save(new Note("n1", null, "first"));
			notes.save(note.withText("second"));
			List<String> history = notes.findRevisions("n1").stream().map(revision -> revision.getEntity().text()).toList();
			if (!history.equals(List.of("first", "second"))) {
				throw new IllegalStateException("unexpected history " + history);
			}
			System.out.println("SMOKE TEST PASSED: " + history);
		};
	}
}

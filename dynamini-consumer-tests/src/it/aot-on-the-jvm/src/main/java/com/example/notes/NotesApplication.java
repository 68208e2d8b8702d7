package com.example.notes;

import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.dynamini.changes.ChangeEvent;
import org.slf4j.LoggerFactory;
import org.slf4j.helpers.NOPLoggerFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;
import org.springframework.transaction.support.TransactionTemplate;

@SpringBootApplication
public class NotesApplication {

	final List<ChangeEvent<Note>> changes = new CopyOnWriteArrayList<>();

	public static void main(String[] args) {
		SpringApplication application = new SpringApplication(NotesApplication.class);
		System.exit(SpringApplication.exit(application.run(args)));
	}

	@EventListener
	void on(ChangeEvent<Note> change) {
		changes.add(change);
	}

	/** The start-up measure of docs/performance.md: JVM start to the application ready. */
	@EventListener
	void ready(ApplicationReadyEvent event) {
		System.out.println("READY after " + ManagementFactory.getRuntimeMXBean().getUptime() + " ms");
	}

	/**
	 * With --smoke-test: logging, save, history, asOf, a derived query (and a projection), a transaction and the change feed; the process fails
	 * unless each is right. Prints whether Spring's AOT-generated code ran.
	 */
	@Bean
	ApplicationRunner smokeTest(NoteRepository notes, TransactionTemplate transactions) {
		return (ApplicationArguments arguments) -> {
			if (!arguments.containsOption("smoke-test")) {
				return;
			}
			// the starter brings spring-boot-starter, as every starter does: Boot's own log lines are written
			check(LoggerFactory.getILoggerFactory() instanceof NOPLoggerFactory, false, "a logging binding");
			Note first = notes.save(new Note("n1", null, "ann", "first"));
			Instant between = Instant.now();
			Thread.sleep(5);
			notes.save(first.withText("second"));
			check(notes.findRevisions("n1").stream().map(revision -> revision.getEntity().text()).toList(),
					List.of("first", "second"), "history");
			check(notes.findByIdAsOf("n1", between).map(Note::text).orElse(null), "first", "asOf");
			transactions.executeWithoutResult(status -> {
				notes.save(new Note("n2", null, "bob", "in a transaction"));
				notes.save(new Note("n3", null, "bob", "in the same transaction"));
			});
			check(notes.findByOwner("bob").stream().map(Note::id).sorted().toList(), List.of("n2", "n3"), "derived query");
			check(notes.findTextsByOwner("bob").stream().map(NoteText::getText).sorted().toList(),
					List.of("in a transaction", "in the same transaction"), "projection");
			long deadline = System.currentTimeMillis() + 30_000;
			while (changes.size() < 4 && System.currentTimeMillis() < deadline) {
				Thread.sleep(50);
			}
			check(changes.stream().map(change -> change.id() + "@" + change.revision()).sorted().toList(),
					List.of("n1@1", "n1@2", "n2@1", "n3@1"), "change feed");
			System.out.println("SMOKE TEST PASSED (spring.aot.enabled=" + System.getProperty("spring.aot.enabled", "false")
					+ ", AOT code present: " + aotCodePresent() + ")");
		};
	}

	static boolean aotCodePresent() {
		try {
			Class.forName(NotesApplication.class.getName() + "__ApplicationContextInitializer");
			return true;
		}
		catch (ClassNotFoundException ex) {
			return false;
		}
	}

	static void check(Object actual, Object expected, String what) {
		if (!expected.equals(actual)) {
			throw new IllegalStateException(what + ": expected " + expected + " but was " + actual);
		}
	}
}

package io.dynamini.reliability;

import java.time.Instant;
import java.util.Optional;

import io.dynamini.core.DynaminiTemplate;
import io.dynamini.test.domain.Note;

/**
 * The operations concurrent clients run in the reliability tests. A save or update writes {@code token} as the
 * note's text, so every write can be found in the history afterwards.
 */
final class Workload {

	private Workload() {
	}

	/**
	 * @return whether the operation was acknowledged: it wrote a revision (restore: it returned the entity, which
	 * it also does when there was nothing to undo; read: it found the entity)
	 */
	static boolean apply(DynaminiTemplate template, String kind, String id, String token) {
		switch (kind) {
			case "save" -> {
				Optional<Note> current = template.findById(Note.class, id);
				if (current.isEmpty()) {
					return false;
				}
				current.get().setText(token);
				template.save(current.get());
				return true;
			}
			case "update" -> {
				template.update(Note.class, id, note -> {
					note.setText(token);
					return note;
				});
				return true;
			}
			case "delete" -> {
				Optional<Note> current = template.findById(Note.class, id);
				if (current.isEmpty()) {
					return false;
				}
				template.delete(current.get());
				return true;
			}
			case "restore" -> {
				return template.restore(Note.class, id).isPresent();
			}
			case "insert" -> {
				Note fresh = new Note("soak", token);
				fresh.setId(id);
				template.insert(fresh);
				return true;
			}
			case "purge" -> {
				template.purge(Note.class, id);
				return true;
			}
			case "read" -> {
				return template.findByIdAsOf(Note.class, id, Instant.now().minusMillis(50)).isPresent();
			}
			default -> throw new IllegalArgumentException(kind);
		}
	}
}

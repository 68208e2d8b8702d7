package io.dynamini.sample;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.dynamini.core.DynaminiRevisionMetadata;
import io.dynamini.core.PropertyChange;

import org.jspecify.annotations.Nullable;
import org.springframework.data.domain.Page;
import org.springframework.data.history.Revision;
import org.springframework.stereotype.Component;

/**
 * The JSON DynamoDB-mini's clients read, as records: collections and entries with their {@code meta}, history pages.
 */
@Component
public class MiniViews {

	/** A collection as DynamoDB-mini shows it. */
	public record CollectionView(CollectionMeta meta, String name) {
	}

	public record CollectionMeta(String application, String user, String collection, long version,
			@Nullable String deletedAt) {
	}

	/** An entry as DynamoDB-mini shows it: a name, a value or both. */
	public record EntryView(EntryMeta meta, @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String name,
			@JsonInclude(JsonInclude.Include.NON_NULL) @Nullable Object value) {
	}

	public record EntryMeta(String user, String collection, String entry, long version, @Nullable String deletedAt) {
	}

	/** A page of an item's history, oldest revision first. */
	public record HistoryView<V>(List<RevisionView<V>> content, PageInfo page) {
	}

	public record RevisionView<V>(long revision, String instant, String type,
			@JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String author, V state) {
	}

	public record PageInfo(int number, int size, long totalElements, int totalPages) {
	}

	private final ApplicationTenant tenant;

	public MiniViews(ApplicationTenant tenant) {
		this.tenant = tenant;
	}

	CollectionView collection(Revisioned<Collection> revisioned) {
		Collection collection = revisioned.item();
		return new CollectionView(new CollectionMeta(tenant.currentTenant(), collection.user(), String.valueOf(collection.id()),
				revisioned.version(), text(revisioned.deletedAt())), collection.name());
	}

	EntryView entry(Revisioned<Entry> revisioned) {
		Entry entry = revisioned.item();
		return new EntryView(new EntryMeta(entry.user(), entry.collection(), String.valueOf(entry.id()),
				revisioned.version(), text(revisioned.deletedAt())), entry.name(), entry.value());
	}

	<T, V> HistoryView<V> history(Page<Revision<Long, T>> revisions, Function<Revisioned<T>, V> view) {
		List<RevisionView<V>> content = revisions.getContent()
			.stream()
			.map(revision -> new RevisionView<>(revision.getRequiredRevisionNumber(),
					revision.getRequiredRevisionInstant().toString(), revision.getMetadata().getRevisionType().name(),
					revision.getMetadata().getDelegate() instanceof DynaminiRevisionMetadata metadata
							? metadata.getAuthor().orElse(null) : null,
					view.apply(Revisioned.of(revision))))
			.toList();
		return new HistoryView<>(content, new PageInfo(revisions.getNumber(), revisions.getSize(),
				revisions.getTotalElements(), revisions.getTotalPages()));
	}

	private static @Nullable String text(@Nullable Instant instant) {
		return instant == null ? null : instant.toString();
	}

	/**
	 * Changes as a JSON Patch (RFC 6902) of the item's JSON: {@code add}, {@code remove} and {@code replace}
	 * operations with JSON Pointers (RFC 6901), only for the item's fields among {@code fields} (the others, such
	 * as the owner, are part of the item's address and never change).
	 */
	List<Map<String, Object>> patch(List<PropertyChange> changes, Set<String> fields) {
		List<Map<String, Object>> operations = new ArrayList<>();
		for (PropertyChange change : changes) {
			List<Object> segments = change.segments();
			if (segments.isEmpty() || !fields.contains(String.valueOf(segments.get(0)))) {
				continue;
			}
			StringBuilder pointer = new StringBuilder();
			for (Object segment : segments) {
				pointer.append('/').append(segment.toString().replace("~", "~0").replace("/", "~1"));
			}
			Map<String, Object> operation = new LinkedHashMap<>();
			switch (change.kind()) {
				case ADDED -> operation.put("op", "add");
				case REMOVED -> operation.put("op", "remove");
				case CHANGED -> operation.put("op", "replace");
			}
			operation.put("path", pointer.toString());
			if (change.kind() != PropertyChange.Kind.REMOVED) {
				operation.put("value", change.newValue());
			}
			operations.add(operation);
		}
		return operations;
	}
}

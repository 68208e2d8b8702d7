package io.dynamini.core.mapping;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.dynamini.annotation.ExpiresAt;
import io.dynamini.annotation.Indexed;
import io.dynamini.annotation.VersionedEntity;

import org.jspecify.annotations.Nullable;
import org.springframework.data.mapping.MappingException;
import org.springframework.data.mapping.model.BasicPersistentEntity;
import org.springframework.data.core.TypeInformation;
import org.springframework.util.StringUtils;

/**
 * Mapping metadata of a class stored by dynamini: either a root entity annotated {@link VersionedEntity} or a
 * value nested inside one.
 *
 * @param <T> the mapped type
 */
public class DynaminiPersistentEntity<T> extends BasicPersistentEntity<T, DynaminiPersistentProperty> {

	private final @Nullable String typeName;

	private @Nullable List<IndexDefinition> indexes;

	private @Nullable Duration retainHistory;

	private int keepRevisions;

	private @Nullable DynaminiPersistentProperty expiresAt;

	DynaminiPersistentEntity(TypeInformation<T> information) {
		super(information);
		VersionedEntity annotation = findAnnotation(VersionedEntity.class);
		if (annotation == null) {
			this.typeName = null;
		}
		else {
			this.typeName = StringUtils.hasText(annotation.value()) ? annotation.value() : getType().getSimpleName();
		}
	}

	/**
	 * @return whether the type is annotated {@link VersionedEntity} and so may be saved on its own.
	 */
	public boolean isVersionedEntity() {
		return typeName != null;
	}

	/**
	 * Checks the mapping rules of a versioned entity once, when it enters the mapping context (as Spring Data
	 * Cassandra's entities verify themselves): an {@code @Id}, a {@code Long}/{@code long} {@code @Version}, valid
	 * {@link Indexed} annotations.
	 *
	 * @throws MappingException naming the class and the rule it breaks
	 */
	@Override
	public void verify() {
		super.verify();
		if (typeName == null) {
			indexes = List.of();
			return;
		}
		if (!hasIdProperty()) {
			throw new MappingException("%s has no @Id property".formatted(getType().getName()));
		}
		DynaminiPersistentProperty version = getVersionProperty();
		if (version == null || !(version.getType() == Long.class || version.getType() == long.class)) {
			throw new MappingException("%s must declare a @Version property of type Long or long"
					.formatted(getType().getName()));
		}
		indexes = resolveIndexes();
		resolveHistoryRetention();
		resolveExpiresAt();
	}

	private void resolveExpiresAt() {
		for (DynaminiPersistentProperty property : this) {
			if (!property.isAnnotationPresent(ExpiresAt.class)) {
				continue;
			}
			if (property.getType() != Instant.class) {
				throw new MappingException("@ExpiresAt %s.%s must be a java.time.Instant, not %s"
					.formatted(getType().getName(), property.getName(), property.getType().getName()));
			}
			if (expiresAt != null) {
				throw new MappingException("%s has two @ExpiresAt properties: %s and %s"
					.formatted(getType().getName(), expiresAt.getName(), property.getName()));
			}
			expiresAt = property;
		}
	}

	/** @return the {@link ExpiresAt} property, or {@code null} if the entity never expires */
	public @Nullable DynaminiPersistentProperty getExpiresAtProperty() {
		return expiresAt;
	}

	private void resolveHistoryRetention() {
		VersionedEntity annotation = getRequiredAnnotation(VersionedEntity.class);
		if (StringUtils.hasText(annotation.retainHistory())) {
			try {
				retainHistory = Duration.parse(annotation.retainHistory().trim());
			}
			catch (DateTimeParseException ex) {
				throw new MappingException(("@VersionedEntity(retainHistory = \"%s\") on %s is not an ISO-8601 duration "
						+ "such as \"P90D\" or \"PT12H\"").formatted(annotation.retainHistory(), getType().getName()), ex);
			}
			if (retainHistory.isNegative() || retainHistory.isZero()) {
				throw new MappingException("@VersionedEntity(retainHistory = \"%s\") on %s must be a positive duration"
					.formatted(annotation.retainHistory(), getType().getName()));
			}
		}
		if (annotation.keepRevisions() < 0) {
			throw new MappingException("@VersionedEntity(keepRevisions = %d) on %s must be 1 or more (0: no count limit)"
				.formatted(annotation.keepRevisions(), getType().getName()));
		}
		keepRevisions = annotation.keepRevisions();
	}

	/**
	 * @return whether the type declares its own history retention ({@code retainHistory} or {@code keepRevisions}),
	 * which replaces the defaults
	 */
	public boolean declaresHistoryRetention() {
		return retainHistory != null || keepRevisions > 0;
	}

	/**
	 * @return whether the type's items may be given a DynamoDB TTL: it declares a history retention or an
	 * {@code @ExpiresAt} property
	 */
	public boolean needsTimeToLive() {
		return declaresHistoryRetention() || expiresAt != null;
	}

	/** @return how long superseded revisions stay readable, as declared, or {@code null} */
	public @Nullable Duration getRetainHistory() {
		return retainHistory;
	}

	/** @return how many revisions stay readable, as declared ({@code 0}: no count limit) */
	public int getKeepRevisions() {
		return keepRevisions;
	}

	/**
	 * @return the entity type name used in keys (the entity was verified when it entered the mapping context)
	 * @throws MappingException if the type is not annotated {@link VersionedEntity}
	 */
	public String getRequiredTypeName() {
		if (typeName == null) {
			throw new MappingException("%s is not annotated @%s; dynamini stores only versioned entities"
					.formatted(getType().getName(), VersionedEntity.class.getSimpleName()));
		}
		return typeName;
	}

	/**
	 * @return the entity's {@link Indexed} properties with their index slots, resolved by {@link #verify()}
	 */
	public List<IndexDefinition> getIndexes() {
		List<IndexDefinition> result = indexes;
		if (result == null) {
			// not yet verified (an entity used before the mapping context added it)
			result = typeName == null ? List.of() : resolveIndexes();
			indexes = result;
		}
		return result;
	}

	/**
	 * @return the index whose partition key is this property, if it is {@link Indexed}
	 */
	public Optional<IndexDefinition> getIndex(DynaminiPersistentProperty property) {
		return getIndexes().stream().filter(index -> index.property().equals(property)).findFirst();
	}

	private List<IndexDefinition> resolveIndexes() {
		List<DynaminiPersistentProperty> indexed = new ArrayList<>();
		for (DynaminiPersistentProperty property : this) {
			if (property.isAnnotationPresent(Indexed.class)) {
				indexed.add(property);
			}
		}
		indexed.sort(Comparator.comparing(DynaminiPersistentProperty::getName));
		Set<Integer> taken = new HashSet<>();
		for (DynaminiPersistentProperty property : indexed) {
			int slot = property.getRequiredAnnotation(Indexed.class).slot();
			if (slot != 0) {
				if (slot < 1 || slot > IndexDefinition.MAX_SLOTS) {
					throw new MappingException("@Indexed(slot = %d) on %s.%s: slots go from 1 to %d"
						.formatted(slot, getType().getSimpleName(), property.getName(), IndexDefinition.MAX_SLOTS));
				}
				if (!taken.add(slot)) {
					throw new MappingException("@Indexed slot %d is used twice in %s".formatted(slot,
							getType().getSimpleName()));
				}
			}
		}
		List<IndexDefinition> result = new ArrayList<>();
		int next = 1;
		for (DynaminiPersistentProperty property : indexed) {
			Indexed annotation = property.getRequiredAnnotation(Indexed.class);
			int slot = annotation.slot();
			if (slot == 0) {
				while (taken.contains(next)) {
					next++;
				}
				if (next > IndexDefinition.MAX_SLOTS) {
					throw new MappingException("%s has more than %d @Indexed properties"
						.formatted(getType().getSimpleName(), IndexDefinition.MAX_SLOTS));
				}
				slot = next;
				taken.add(slot);
			}
			DynaminiPersistentProperty sort = null;
			if (!annotation.sortBy().isEmpty()) {
				sort = getPersistentProperty(annotation.sortBy());
				if (sort == null) {
					throw new MappingException("@Indexed(sortBy = \"%s\") on %s.%s names no property of %s"
						.formatted(annotation.sortBy(), getType().getSimpleName(), property.getName(),
								getType().getSimpleName()));
				}
			}
			for (DynaminiPersistentProperty key : sort == null ? List.of(property) : List.of(property, sort)) {
				if (!IndexValues.supports(key.getType())) {
					throw new MappingException(("%s.%s cannot be an index key: values of type %s have no order-preserving "
							+ "encoding (strings, numbers, booleans, enums, UUIDs and java.time values do)")
						.formatted(getType().getSimpleName(), key.getName(), key.getType().getSimpleName()));
				}
			}
			if (property.isVersionProperty() || (sort != null && sort.isVersionProperty())) {
				throw new MappingException("The @Version property of %s cannot be indexed".formatted(getType().getSimpleName()));
			}
			result.add(new IndexDefinition(slot, property, sort));
		}
		return List.copyOf(result);
	}
}

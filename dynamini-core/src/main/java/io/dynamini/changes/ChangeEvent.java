package io.dynamini.changes;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.springframework.core.ResolvableType;
import org.springframework.core.ResolvableTypeProvider;

/**
 * One change of one entity, as the table's stream recorded it: a revision, or a purge. Published as an application
 * event by the change feed; because it provides its generic type, {@code @EventListener void on(ChangeEvent<Note> e)}
 * receives {@code Note} changes only.
 *
 * @param <T> the entity type
 */
public final class ChangeEvent<T> implements ResolvableTypeProvider {

	private final String tenant;

	private final Class<T> entityType;

	private final String entityName;

	private final Object id;

	private final long revision;

	private final ChangeType type;

	private final Instant instant;

	private final String revisionId;

	private final @Nullable T entity;

	/**
	 * @param tenant the tenant, {@code ""} without a tenant resolver
	 * @param entityType the entity class
	 * @param entityName its {@code @VersionedEntity} name
	 * @param id the id, of the id property's type
	 * @param revision the revision number (for a purge, the number the purge took)
	 * @param type what the change did
	 * @param instant the revision's instant (for a purge, when the stream recorded it)
	 * @param revisionId the revision's ULID ({@code ""} for a purge, which writes no revision)
	 * @param entity the state of that revision (the last live state for a delete), {@code null} for a purge
	 */
	public ChangeEvent(String tenant, Class<T> entityType, String entityName, Object id, long revision, ChangeType type,
			Instant instant, String revisionId, @Nullable T entity) {
		this.tenant = Objects.requireNonNull(tenant, "tenant");
		this.entityType = Objects.requireNonNull(entityType, "entityType");
		this.entityName = Objects.requireNonNull(entityName, "entityName");
		this.id = Objects.requireNonNull(id, "id");
		this.revision = revision;
		this.type = Objects.requireNonNull(type, "type");
		this.instant = Objects.requireNonNull(instant, "instant");
		this.revisionId = Objects.requireNonNull(revisionId, "revisionId");
		this.entity = entity;
	}

	/** @return the tenant the entity belongs to, {@code ""} without a {@code TenantResolver} */
	public String tenant() {
		return tenant;
	}

	public Class<T> entityType() {
		return entityType;
	}

	/** @return the {@code @VersionedEntity} name */
	public String entityName() {
		return entityName;
	}

	/** @return the entity's id, of the id property's type */
	public Object id() {
		return id;
	}

	public long revision() {
		return revision;
	}

	public ChangeType type() {
		return type;
	}

	/** @return the revision's instant; for a purge, when the table's stream recorded it (to the second) */
	public Instant instant() {
		return instant;
	}

	/** @return the revision's ULID; {@code ""} for a purge */
	public String revisionId() {
		return revisionId;
	}

	/** @return the state of that revision (the last live state for {@code DELETE}); empty for {@code PURGE} */
	public Optional<T> entity() {
		return Optional.ofNullable(entity);
	}

	@Override
	public ResolvableType getResolvableType() {
		return ResolvableType.forClassWithGenerics(ChangeEvent.class, entityType);
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof ChangeEvent<?> that && tenant.equals(that.tenant) && entityName.equals(that.entityName)
				&& id.equals(that.id) && revision == that.revision && type == that.type;
	}

	@Override
	public int hashCode() {
		return Objects.hash(tenant, entityName, id, revision, type);
	}

	@Override
	public String toString() {
		return "ChangeEvent[%s %s '%s' revision %d%s]".formatted(type, entityName, id, revision,
				tenant.isEmpty() ? "" : " of tenant '" + tenant + "'");
	}
}

package io.dynamini.core;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.github.f4b6a3.ulid.UlidFactory;

import io.dynamini.core.convert.DynaminiEntityConverter;
import io.dynamini.core.mapping.DynaminiMappingContext;
import io.dynamini.core.mapping.DynaminiPersistentEntity;
import io.dynamini.core.mapping.DynaminiPersistentProperty;
import io.dynamini.tenant.TenantResolver;

import org.jspecify.annotations.Nullable;
import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.data.mapping.MappingException;
import org.springframework.util.Assert;

/**
 * Adapts entity beans for the template, as spring-data-mongodb's {@code EntityOperations}: their mapping, the items
 * they live in (tenant, type, id), their version, and the id a new one is given. No write path touches property
 * accessors itself.
 */
final class EntityOperations {

	private static final String DEFAULT_TENANT = "";

	private final DynaminiMappingContext mappingContext;

	private final DynaminiEntityConverter converter;

	private final @Nullable TenantResolver tenantResolver;

	private final Clock clock;

	private final HistoryRetention defaultRetention;

	/** Each type's retention, resolved once. */
	private final Map<DynaminiPersistentEntity<?>, HistoryRetention> retentions = new ConcurrentHashMap<>();

	/** Generates ids; revisions take their ULIDs from {@link RevisionUlids}. */
	private final UlidFactory ids = UlidFactory.newMonotonicInstance();

	EntityOperations(DynaminiMappingContext mappingContext, DynaminiEntityConverter converter,
			@Nullable TenantResolver tenantResolver, Clock clock, HistoryRetention defaultRetention) {
		this.defaultRetention = defaultRetention;
		this.mappingContext = mappingContext;
		this.converter = converter;
		this.tenantResolver = tenantResolver;
		this.clock = clock;
	}

	/**
	 * @throws InvalidDataAccessApiUsageException if the type is not a valid versioned entity
	 */
	DynaminiPersistentEntity<?> requiredEntity(Class<?> type) {
		Assert.notNull(type, "type must not be null");
		try {
			DynaminiPersistentEntity<?> entity = mappingContext.getRequiredPersistentEntity(type);
			entity.getRequiredTypeName();
			return entity;
		}
		catch (MappingException ex) {
			throw new InvalidDataAccessApiUsageException(ex.getMessage(), ex);
		}
	}

	String typeName(Class<?> type) {
		return requiredEntity(type).getRequiredTypeName();
	}

	/** The items of the entity of this type and id in the current tenant. */
	EntityTarget target(Class<?> type, @Nullable Object id) {
		return target(requiredEntity(type), id);
	}

	EntityTarget target(DynaminiPersistentEntity<?> persistentEntity, @Nullable Object id) {
		String typeName = persistentEntity.getRequiredTypeName();
		if (id == null) {
			throw new InvalidDataAccessApiUsageException("The id of a %s must not be null".formatted(typeName));
		}
		String idString = converter.idToString(id);
		if (idString.isEmpty()) {
			throw new InvalidDataAccessApiUsageException("The id of a %s must not be empty".formatted(typeName));
		}
		String tenant = tenant();
		String description = typeName + " '" + idString + "'";
		return new EntityTarget(persistentEntity, tenant, typeName, idString,
				ItemKeys.partitionKey(tenant, typeName, idString, description), retention(persistentEntity));
	}

	/** @return the type's own history retention if it declares one, else the default */
	HistoryRetention retention(DynaminiPersistentEntity<?> persistentEntity) {
		return retentions.computeIfAbsent(persistentEntity, entity -> entity.declaresHistoryRetention()
				? new HistoryRetention(entity.getRetainHistory(), entity.getKeepRevisions()) : defaultRetention);
	}

	/** The tenant every key of the current operation uses. */
	String tenant() {
		if (tenantResolver == null) {
			return DEFAULT_TENANT;
		}
		String tenant = tenantResolver.currentTenant();
		if (tenant == null || tenant.isEmpty()) {
			throw new InvalidDataAccessApiUsageException("The TenantResolver returned no tenant");
		}
		return tenant;
	}

	@Nullable Object idOf(DynaminiPersistentEntity<?> entity, Object bean) {
		return entity.getIdentifierAccessor(bean).getIdentifier();
	}

	/** @return the bean's version, {@code null} when it has none (a new entity) */
	@Nullable Long versionOf(DynaminiPersistentEntity<?> entity, Object bean) {
		DynaminiPersistentProperty property = entity.getRequiredVersionProperty();
		Object value = entity.getPropertyAccessor(bean).getProperty(property);
		return value == null ? null : ((Number) value).longValue();
	}

	/** @return the bean's {@code @ExpiresAt} instant in epoch milliseconds, {@code null} if none or not set */
	@Nullable Long expiresAtOf(DynaminiPersistentEntity<?> entity, Object bean) {
		DynaminiPersistentProperty property = entity.getExpiresAtProperty();
		Object value = property == null ? null : entity.getPropertyAccessor(bean).getProperty(property);
		return value == null ? null : ExpiryInstants.toEpochMilli((Instant) value, entity, property);
	}

	/** @return the current instant in epoch milliseconds, by the clock that stamps revisions */
	long now() {
		return clock.millis();
	}

	/** @return whether saving the bean creates an entity: a null (wrapper) or 0 (primitive) version */
	boolean isNew(DynaminiPersistentEntity<?> entity, Object bean) {
		Long version = versionOf(entity, bean);
		return version == null || version == 0;
	}

	/** @return the bean with the version set (a new instance for immutable types) */
	<T> T withVersion(T bean, DynaminiPersistentEntity<?> entity, long version) {
		return converter.setProperty(bean, entity.getRequiredVersionProperty(), version);
	}

	/** @return the bean with a new ULID id if it had none (String ids only) */
	<T> T withIdAssigned(T bean, DynaminiPersistentEntity<?> entity) {
		DynaminiPersistentProperty idProperty = entity.getRequiredIdProperty();
		if (idOf(entity, bean) != null) {
			return bean;
		}
		if (idProperty.getType() != String.class) {
			throw new InvalidDataAccessApiUsageException(
					"The id of a %s must be set before saving; only String ids are generated"
						.formatted(entity.getRequiredTypeName()));
		}
		return converter.setProperty(bean, idProperty, ids.create(clock.millis()).toString());
	}
}

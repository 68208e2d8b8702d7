package io.dynamini.core.mapping;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.dynamini.core.convert.DynaminiCustomConversions;

import org.springframework.data.mapping.MappingException;
import org.springframework.data.mapping.context.AbstractMappingContext;
import org.springframework.data.mapping.model.Property;
import org.springframework.data.mapping.model.SimpleTypeHolder;
import org.springframework.data.core.TypeInformation;
import org.springframework.util.Assert;

import software.amazon.awssdk.enhanced.dynamodb.AttributeConverterProvider;
import software.amazon.awssdk.enhanced.dynamodb.EnhancedType;

/**
 * Builds {@link DynaminiPersistentEntity} metadata with Spring Data's mapping infrastructure.
 *
 * <p>Every type the AWS enhanced client's default attribute converters know (strings, numbers, booleans,
 * {@code java.time} types, enums, UUID, ...), or one of the application's {@link DynaminiCustomConversions}, is a
 * simple value; any other class is mapped as a nested entity.
 */
public class DynaminiMappingContext
		extends AbstractMappingContext<DynaminiPersistentEntity<?>, DynaminiPersistentProperty> {

	private final DynaminiCustomConversions conversions;

	private final SimpleTypeHolder simpleTypes;

	private final Map<String, Class<?>> typesByName = new ConcurrentHashMap<>();

	/** A mapping context with the enhanced client's default conversions only. */
	public DynaminiMappingContext() {
		this(DynaminiCustomConversions.none());
	}

	/** A mapping context whose simple types include those the application converts itself. */
	public DynaminiMappingContext(DynaminiCustomConversions conversions) {
		Assert.notNull(conversions, "conversions must not be null");
		this.conversions = conversions;
		this.simpleTypes = new ConverterAwareSimpleTypeHolder(conversions.converterProvider());
		setSimpleTypeHolder(simpleTypes);
	}

	/** @return the conversions of scalar values: the application's first, then the enhanced client's defaults */
	public DynaminiCustomConversions getCustomConversions() {
		return conversions;
	}

	/**
	 * @return the versioned entity stored under {@code typeName} (its {@code @VersionedEntity} name), if this
	 * context has met its class
	 */
	public Optional<DynaminiPersistentEntity<?>> getVersionedEntity(String typeName) {
		Class<?> type = typesByName.get(typeName);
		return type == null ? Optional.empty() : Optional.ofNullable(getPersistentEntity(type));
	}

	/**
	 * @return whether values of {@code type} are stored as one scalar attribute rather than a nested map
	 */
	public boolean isSimpleType(Class<?> type) {
		return simpleTypes.isSimpleType(type);
	}

	/**
	 * Adds an entity, which verifies its mapping rules ({@link DynaminiPersistentEntity#verify()}). Two classes
	 * stored under one type name would share keys and read each other's data: the second one to enter the context
	 * is rejected, naming both.
	 */
	@Override
	protected Optional<DynaminiPersistentEntity<?>> addPersistentEntity(TypeInformation<?> typeInformation) {
		Optional<DynaminiPersistentEntity<?>> added;
		try {
			added = super.addPersistentEntity(typeInformation);
		}
		catch (MappingException ex) {
			// the context wraps what verify() found in "Cannot create PersistentEntity": say what is wrong instead
			if (ex.getCause() instanceof MappingException rule) {
				throw rule;
			}
			throw ex;
		}
		added.filter(DynaminiPersistentEntity::isVersionedEntity).ifPresent(entity -> {
			Class<?> type = entity.getType();
			Class<?> other = typesByName.putIfAbsent(entity.getRequiredTypeName(), type);
			if (other != null && other != type) {
				throw new MappingException(("%s and %s are both stored under the entity name '%s' and would share "
						+ "their data; give one of them another name with @VersionedEntity(\"...\")")
					.formatted(other.getName(), type.getName(), entity.getRequiredTypeName()));
			}
		});
		return added;
	}

	@Override
	protected <T> DynaminiPersistentEntity<?> createPersistentEntity(TypeInformation<T> typeInformation) {
		return new DynaminiPersistentEntity<>(typeInformation);
	}

	@Override
	protected DynaminiPersistentProperty createPersistentProperty(Property property,
			DynaminiPersistentEntity<?> owner, SimpleTypeHolder simpleTypeHolder) {
		return new DynaminiPersistentProperty(property, owner, simpleTypeHolder);
	}

	/**
	 * Treats a type as simple when the enhanced client has a scalar converter for it.
	 */
	static final class ConverterAwareSimpleTypeHolder extends SimpleTypeHolder {

		private final AttributeConverterProvider converters;

		ConverterAwareSimpleTypeHolder(AttributeConverterProvider converters) {
			super(java.util.Set.of(), true);
			this.converters = converters;
		}

		@Override
		public boolean isSimpleType(Class<?> type) {
			if (super.isSimpleType(type)) {
				return true;
			}
			if (Collection.class.isAssignableFrom(type) || Map.class.isAssignableFrom(type) || type.isArray()
					|| type == Object.class) {
				return false;
			}
			try {
				converters.converterFor(EnhancedType.of(type));
				return true;
			}
			catch (RuntimeException notConvertible) {
				return false;
			}
		}
	}
}

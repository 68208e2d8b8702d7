package io.dynamini.core.convert;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.dynamini.core.mapping.DynaminiMappingContext;
import io.dynamini.core.mapping.DynaminiPersistentEntity;
import io.dynamini.core.mapping.DynaminiPersistentProperty;

import org.jspecify.annotations.Nullable;
import org.springframework.core.CollectionFactory;
import org.springframework.core.convert.ConversionService;
import org.springframework.core.convert.support.DefaultConversionService;
import org.springframework.data.mapping.InstanceCreatorMetadata;
import org.springframework.data.mapping.MappingException;
import org.springframework.data.mapping.Parameter;
import org.springframework.data.mapping.PersistentPropertyAccessor;
import org.springframework.data.mapping.model.EntityInstantiators;
import org.springframework.data.mapping.model.InstantiationAwarePropertyAccessor;
import org.springframework.data.mapping.model.ParameterValueProvider;
import org.springframework.data.core.TypeInformation;
import org.springframework.util.Assert;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.enhanced.dynamodb.AttributeConverter;
import software.amazon.awssdk.enhanced.dynamodb.AttributeConverterProvider;
import software.amazon.awssdk.enhanced.dynamodb.EnhancedType;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Converts entities to DynamoDB attribute maps and back.
 *
 * <p>The structure (properties, constructors, records, nested objects, collections and maps) comes from
 * Spring Data's mapping metadata; every scalar value is converted by the mapping context's
 * {@link AttributeConverterProvider} (the application's {@link DynaminiCustomConversions}, then the AWS enhanced
 * client's defaults), so dynamini stores numbers, dates, enums and UUIDs exactly as the enhanced client does. The {@code @Version} property is not part of the stored state: the revision number
 * is kept in the item's key attributes and handed back on read.
 */
public final class DynaminiEntityConverter {

	private static final AttributeValue NULL = AttributeValue.fromNul(true);

	private final DynaminiMappingContext mappingContext;

	private final AttributeConverterProvider converters;

	private final Map<Class<?>, AttributeConverter<?>> converterCache = new ConcurrentHashMap<>();

	private final EntityInstantiators instantiators = new EntityInstantiators();

	private final ConversionService conversionService = DefaultConversionService.getSharedInstance();

	public DynaminiEntityConverter(DynaminiMappingContext mappingContext) {
		Assert.notNull(mappingContext, "mappingContext must not be null");
		this.mappingContext = mappingContext;
		this.converters = mappingContext.getCustomConversions().converterProvider();
	}

	/** @return the mapping metadata this converter works from */
	public DynaminiMappingContext getMappingContext() {
		return mappingContext;
	}

	/**
	 * @return the entity's state as a DynamoDB map, without its {@code @Version} property; null properties are
	 * left out.
	 */
	public Map<String, AttributeValue> write(Object entity) {
		Assert.notNull(entity, "entity must not be null");
		return writeEntity(entity);
	}

	/**
	 * Reads an entity from its stored state and sets its {@code @Version} property to {@code version}.
	 */
	public <T> T read(Class<T> type, Map<String, AttributeValue> state, long version) {
		DynaminiPersistentEntity<?> entity = mappingContext.getRequiredPersistentEntity(type);
		return type.cast(readEntity(entity, state, version));
	}

	/**
	 * Sets one property on an entity, creating a new instance for immutable types such as records.
	 *
	 * @return the entity carrying the new value: the same instance for mutable types.
	 */
	public <T> T setProperty(T bean, DynaminiPersistentProperty property, @Nullable Object value) {
		DynaminiPersistentEntity<?> entity = mappingContext.getRequiredPersistentEntity(bean.getClass());
		PersistentPropertyAccessor<T> accessor = new InstantiationAwarePropertyAccessor<>(bean,
				entity::getPropertyAccessor, instantiators);
		accessor.setProperty(property, value);
		return accessor.getBean();
	}

	/**
	 * Reads one property's value from a stored state, as its Java type ({@code null} when absent).
	 */
	public @Nullable Object readProperty(DynaminiPersistentProperty property, Map<String, AttributeValue> state) {
		return property.isVersionProperty() ? null : readProperty(property, state, null);
	}

	/**
	 * Converts a value the way it is stored as part of an entity's state, for comparisons with stored values.
	 */
	public AttributeValue toAttributeValue(@Nullable Object value) {
		return writeValue(value, null);
	}

	/**
	 * @return the string form of an id, as used in keys.
	 */
	public String idToString(Object id) {
		String value = id instanceof String s ? s : conversionService.convert(id, String.class);
		if (value == null) {
			throw new MappingException("Cannot convert id %s of type %s to a String".formatted(id, id.getClass()));
		}
		return value;
	}

	/**
	 * Converts a string to the type of an id property (used when generating ids).
	 */
	public @Nullable Object convertId(String value, Class<?> idType) {
		return conversionService.convert(value, idType);
	}

	private Map<String, AttributeValue> writeEntity(Object bean) {
		DynaminiPersistentEntity<?> entity = mappingContext.getRequiredPersistentEntity(bean.getClass());
		PersistentPropertyAccessor<?> accessor = entity.getPropertyAccessor(bean);
		Map<String, AttributeValue> map = new LinkedHashMap<>();
		for (DynaminiPersistentProperty property : entity) {
			if (property.isVersionProperty()) {
				continue;
			}
			Object value = accessor.getProperty(property);
			if (value != null) {
				map.put(property.getName(), writeValue(value, property.getTypeInformation()));
			}
		}
		return map;
	}

	private AttributeValue writeValue(@Nullable Object value, @Nullable TypeInformation<?> type) {
		if (value == null) {
			return NULL;
		}
		if (value instanceof byte[] bytes) {
			return AttributeValue.fromB(SdkBytes.fromByteArray(bytes));
		}
		if (value instanceof Collection<?> collection) {
			TypeInformation<?> component = type == null ? null : type.getComponentType();
			List<AttributeValue> list = new ArrayList<>(collection.size());
			for (Object element : collection) {
				list.add(writeValue(element, component));
			}
			return AttributeValue.fromL(list);
		}
		if (value instanceof Map<?, ?> source) {
			TypeInformation<?> valueType = type == null ? null : type.getMapValueType();
			Map<String, AttributeValue> map = new LinkedHashMap<>();
			for (Map.Entry<?, ?> entry : source.entrySet()) {
				map.put(idToString(entry.getKey()), writeValue(entry.getValue(), valueType));
			}
			return AttributeValue.fromM(map);
		}
		if (value.getClass().isArray()) {
			throw new MappingException("Arrays other than byte[] are not supported (%s); use a List"
					.formatted(value.getClass().getSimpleName()));
		}
		Class<?> valueClass = value instanceof Enum<?> e ? e.getDeclaringClass() : value.getClass();
		if (mappingContext.isSimpleType(valueClass)) {
			return scalarConverter(valueClass).transformFrom(value);
		}
		return AttributeValue.fromM(writeEntity(value));
	}

	private Object readEntity(DynaminiPersistentEntity<?> entity, Map<String, AttributeValue> state,
			@Nullable Long version) {
		InstanceCreatorMetadata<DynaminiPersistentProperty> creator = entity.getInstanceCreatorMetadata();
		ParameterValueProvider<DynaminiPersistentProperty> parameters = new ParameterValueProvider<>() {
			@Override
			public <T> @Nullable T getParameterValue(Parameter<T, DynaminiPersistentProperty> parameter) {
				String name = parameter.getName();
				if (name == null) {
					throw new MappingException("Constructor parameter names of %s are not available; compile with -parameters"
							.formatted(entity.getType().getName()));
				}
				DynaminiPersistentProperty property = entity.getRequiredPersistentProperty(name);
				@SuppressWarnings("unchecked")
				T value = (T) readProperty(property, state, version);
				return value;
			}
		};
		Object instance = instantiators.getInstantiatorFor(entity).createInstance(entity, parameters);
		PersistentPropertyAccessor<?> accessor = entity.getPropertyAccessor(instance);
		for (DynaminiPersistentProperty property : entity) {
			if (creator != null && creator.isCreatorParameter(property)) {
				continue;
			}
			Object value = readProperty(property, state, version);
			if (value == null && property.getType().isPrimitive()) {
				continue;
			}
			if (property.isImmutable() && property.getWither() == null) {
				continue;
			}
			accessor.setProperty(property, value);
		}
		return accessor.getBean();
	}

	private @Nullable Object readProperty(DynaminiPersistentProperty property, Map<String, AttributeValue> state,
			@Nullable Long version) {
		if (property.isVersionProperty()) {
			return version;
		}
		AttributeValue value = state.get(property.getName());
		return value == null ? null : readValue(value, property.getTypeInformation());
	}

	private @Nullable Object readValue(AttributeValue value, TypeInformation<?> type) {
		if (Boolean.TRUE.equals(value.nul())) {
			return null;
		}
		Class<?> rawType = type.getType();
		if (rawType == Object.class) {
			return readUntyped(value);
		}
		if (rawType == byte[].class) {
			return value.b().asByteArray();
		}
		if ((type.isCollectionLike() || type.isMap()) && value.type() == AttributeValue.Type.UNKNOWN_TO_SDK_VERSION) {
			// an empty M or L as the SDK reads it from some sources (DynamoDB Streams records): no member set
			return type.isMap() ? CollectionFactory.createMap(rawType, 0)
					: CollectionFactory.createCollection(rawType, 0);
		}
		if (type.isCollectionLike() && value.hasL()) {
			TypeInformation<?> component = type.getComponentType();
			Class<?> componentClass = component == null ? Object.class : component.getType();
			Collection<Object> collection = CollectionFactory.createCollection(rawType, componentClass,
					value.l().size());
			for (AttributeValue element : value.l()) {
				collection.add(component == null ? readUntyped(element) : readValue(element, component));
			}
			return collection;
		}
		if (type.isMap() && value.hasM()) {
			TypeInformation<?> keyType = type.getComponentType();
			TypeInformation<?> valueType = type.getMapValueType();
			Map<Object, Object> map = CollectionFactory.createMap(rawType,
					keyType == null ? String.class : keyType.getType(), value.m().size());
			for (Map.Entry<String, AttributeValue> entry : value.m().entrySet()) {
				Object key = keyType == null ? entry.getKey() : convertId(entry.getKey(), keyType.getType());
				map.put(key, valueType == null ? readUntyped(entry.getValue()) : readValue(entry.getValue(), valueType));
			}
			return map;
		}
		if (mappingContext.isSimpleType(rawType)) {
			return scalarConverter(rawType).transformTo(value);
		}
		if (value.hasM()) {
			return readEntity(mappingContext.getRequiredPersistentEntity(type), value.m(), null);
		}
		throw new MappingException("Cannot read a %s from stored value %s".formatted(rawType.getName(), value));
	}

	/**
	 * @return a stored value as plain Java: text, numbers ({@code Long} when integral, else {@code BigDecimal}),
	 * booleans, lists, maps and sets, {@code null} for NULL
	 */
	public @Nullable Object readPlain(AttributeValue value) {
		return readUntyped(value);
	}

	/**
	 * Reads a value stored for a property declared as {@code Object} (for example in a {@code Map<String, Object>}
	 * holding a JSON document): strings, numbers, booleans, lists and maps come back as their natural Java types.
	 */
	private @Nullable Object readUntyped(AttributeValue value) {
		return switch (value.type()) {
			case S -> value.s();
			case N -> readNumber(value.n());
			case BOOL -> value.bool();
			case NUL -> null;
			case B -> value.b().asByteArray();
			case L -> {
				List<Object> list = new ArrayList<>(value.l().size());
				value.l().forEach(element -> list.add(readUntyped(element)));
				yield list;
			}
			case M -> {
				Map<String, Object> map = new LinkedHashMap<>();
				value.m().forEach((key, element) -> map.put(key, readUntyped(element)));
				yield map;
			}
			case SS -> Set.copyOf(value.ss());
			case NS -> Set.copyOf(value.ns().stream().map(DynaminiEntityConverter::readNumber).toList());
			case BS -> List.copyOf(value.bs().stream().map(SdkBytes::asByteArray).toList());
			// an empty M or L as the SDK reads it from DynamoDB Streams records (no member set): a JSON object is
			// the likelier of the two for an untyped property
			case UNKNOWN_TO_SDK_VERSION -> new LinkedHashMap<>();
			default -> throw new MappingException("Unsupported stored value " + value);
		};
	}

	private static Number readNumber(String number) {
		BigDecimal decimal = new BigDecimal(number);
		if (decimal.scale() <= 0 || decimal.stripTrailingZeros().scale() <= 0) {
			try {
				return decimal.longValueExact();
			}
			catch (ArithmeticException tooLarge) {
				return decimal;
			}
		}
		return decimal;
	}

	@SuppressWarnings("unchecked")
	private AttributeConverter<Object> scalarConverter(Class<?> type) {
		return (AttributeConverter<Object>) converterCache.computeIfAbsent(type,
				key -> converters.converterFor(EnhancedType.of(key)));
	}
}

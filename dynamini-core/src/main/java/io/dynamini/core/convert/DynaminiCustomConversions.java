package io.dynamini.core.convert;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.util.Assert;

import software.amazon.awssdk.enhanced.dynamodb.AttributeConverter;
import software.amazon.awssdk.enhanced.dynamodb.AttributeConverterProvider;
import software.amazon.awssdk.enhanced.dynamodb.EnhancedType;

/**
 * The application's own scalar conversions: AWS enhanced client {@link AttributeConverter}s that take precedence
 * over its default converters, so a value type of the application (money, an identifier, a unit) is stored as one
 * attribute rather than a nested map. Hand it to {@link io.dynamini.core.mapping.DynaminiMappingContext}; with the
 * Spring Boot starter, declare a bean of this type.
 */
public final class DynaminiCustomConversions {

	private static final DynaminiCustomConversions NONE = new DynaminiCustomConversions(List.of());

	private final Map<EnhancedType<?>, AttributeConverter<?>> converters = new LinkedHashMap<>();

	private final AttributeConverterProvider provider;

	private DynaminiCustomConversions(List<AttributeConverter<?>> converters) {
		for (AttributeConverter<?> converter : converters) {
			Assert.notNull(converter, "converters must not contain null");
			AttributeConverter<?> previous = this.converters.putIfAbsent(converter.type(), converter);
			Assert.isNull(previous, () -> "two converters for " + converter.type());
		}
		AttributeConverterProvider defaults = AttributeConverterProvider.defaultProvider();
		this.provider = new AttributeConverterProvider() {

			@Override
			@SuppressWarnings("unchecked")
			public <T> AttributeConverter<T> converterFor(EnhancedType<T> type) {
				AttributeConverter<?> custom = DynaminiCustomConversions.this.converters.get(type);
				return custom != null ? (AttributeConverter<T>) custom : defaults.converterFor(type);
			}
		};
	}

	/** @return conversions with the given converters ahead of the defaults */
	public static DynaminiCustomConversions of(AttributeConverter<?>... converters) {
		return new DynaminiCustomConversions(List.of(converters));
	}

	/** @return no conversions of the application's: the enhanced client's defaults only */
	public static DynaminiCustomConversions none() {
		return NONE;
	}

	/** @return the converter provider: the custom converters first, then the enhanced client's defaults */
	public AttributeConverterProvider converterProvider() {
		return provider;
	}
}

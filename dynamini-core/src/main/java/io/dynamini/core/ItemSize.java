package io.dynamini.core;

import java.util.Map;

import org.jspecify.annotations.Nullable;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Computes an item's size the way DynamoDB counts it against its 400 KB limit, so that an oversized entity is
 * rejected with a clear message before any request is sent.
 */
final class ItemSize {

	/** DynamoDB's maximum item size. */
	static final int MAX_ITEM_BYTES = 400 * 1024;

	private ItemSize() {
	}

	static long of(Map<String, AttributeValue> item) {
		return of(item, null);
	}

	/**
	 * @return the size of {@code item} without its attribute {@code except} (whose size the caller knows)
	 */
	static long of(Map<String, AttributeValue> item, @Nullable String except) {
		long size = 0;
		for (Map.Entry<String, AttributeValue> attribute : item.entrySet()) {
			if (!attribute.getKey().equals(except)) {
				size += utf8(attribute.getKey()) + of(attribute.getValue());
			}
		}
		return size;
	}

	/** @return the size of one attribute, name included */
	static long attribute(String name, AttributeValue value) {
		return utf8(name) + of(value);
	}

	// loops rather than streams: this runs over every attribute of every write
	private static long of(AttributeValue value) {
		long size;
		switch (value.type()) {
			case S -> size = utf8(value.s());
			case N -> size = number(value.n());
			case B -> size = value.b().asByteArrayUnsafe().length;
			case BOOL, NUL -> size = 1;
			case SS -> {
				size = 0;
				for (String element : value.ss()) {
					size += utf8(element);
				}
			}
			case NS -> {
				size = 0;
				for (String element : value.ns()) {
					size += number(element);
				}
			}
			case BS -> {
				size = 0;
				for (SdkBytes element : value.bs()) {
					size += element.asByteArrayUnsafe().length;
				}
			}
			case L -> {
				size = 3;
				for (AttributeValue element : value.l()) {
					size += 1 + of(element);
				}
			}
			case M -> {
				size = 3;
				for (Map.Entry<String, AttributeValue> entry : value.m().entrySet()) {
					size += 1 + utf8(entry.getKey()) + of(entry.getValue());
				}
			}
			default -> size = 0;
		}
		return size;
	}

	private static long number(String number) {
		long digits = 0;
		for (int i = 0; i < number.length(); i++) {
			if (Character.isDigit(number.charAt(i))) {
				digits++;
			}
		}
		return (digits + 1) / 2 + 1;
	}

	/** UTF-8 length without encoding the text (saves an allocation per attribute on every write). */
	static long utf8(String text) {
		long bytes = 0;
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c < 0x80) {
				bytes++;
			}
			else if (c < 0x800) {
				bytes += 2;
			}
			else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
				bytes += 4;
				i++;
			}
			else if (Character.isSurrogate(c)) {
				// a lone surrogate is sent as '?', as String.getBytes(UTF_8) does
				bytes++;
			}
			else {
				bytes += 3;
			}
		}
		return bytes;
	}
}

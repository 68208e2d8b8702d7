package io.dynamini.test.domain;

/**
 * A nested value without its own identity.
 */
public record Address(String street, String city, int zip) {
}

package io.dynamini.tenant;

/**
 * Supplies the tenant that scopes every key of the current operation.
 *
 * <p>When a bean of this type is present, data written under one tenant is invisible to, and untouchable by,
 * every other tenant. Implementations usually read a request- or thread-bound value; they must return a
 * non-empty name and never {@code null}.
 */
@FunctionalInterface
public interface TenantResolver {

	/**
	 * @return the tenant of the current operation, never {@code null} or empty.
	 */
	String currentTenant();
}

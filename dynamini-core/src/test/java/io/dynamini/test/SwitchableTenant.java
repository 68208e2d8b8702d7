package io.dynamini.test;

import io.dynamini.tenant.TenantResolver;

/**
 * A {@link TenantResolver} whose tenant a test sets per thread.
 */
public final class SwitchableTenant implements TenantResolver {

	private final ThreadLocal<String> tenant = ThreadLocal.withInitial(() -> "tenant-a");

	@Override
	public String currentTenant() {
		return tenant.get();
	}

	public void set(String name) {
		tenant.set(name);
	}

	public void reset() {
		tenant.remove();
	}
}

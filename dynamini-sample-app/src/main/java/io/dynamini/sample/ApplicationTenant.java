package io.dynamini.sample;

import java.util.Optional;

import io.dynamini.tenant.TenantResolver;

import org.springframework.stereotype.Component;

/**
 * The application whose API key the current request carried is the tenant of everything the request touches.
 */
@Component
public class ApplicationTenant implements TenantResolver {

	private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

	@Override
	public String currentTenant() {
		String application = CURRENT.get();
		if (application == null) {
			throw new IllegalStateException("No application: the request was not authenticated");
		}
		return application;
	}

	/** @return the current request's application, if a request is authenticated on this thread */
	static Optional<String> current() {
		return Optional.ofNullable(CURRENT.get());
	}

	static void set(String application) {
		CURRENT.set(application);
	}

	static void clear() {
		CURRENT.remove();
	}
}

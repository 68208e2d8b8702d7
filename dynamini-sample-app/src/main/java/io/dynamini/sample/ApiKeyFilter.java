package io.dynamini.sample;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Every request under {@code /api} needs an {@code x-api-key} header; its application becomes the request's
 * tenant. A missing or unknown key gets 401 and reaches nothing.
 */
@Component
public class ApiKeyFilter extends OncePerRequestFilter {

	static final String HEADER = "x-api-key";

	private final ApiKeys apiKeys;

	public ApiKeyFilter(ApiKeys apiKeys) {
		this.apiKeys = apiKeys;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !isApi(request);
	}

	/** @return whether the request is for DynamoDB-mini's API, {@code /api} and below */
	static boolean isApi(HttpServletRequest request) {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		return path.equals("/api") || path.startsWith("/api/");
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String key = request.getHeader(HEADER);
		String application = key == null ? null : apiKeys.applicationOf(key).orElse(null);
		if (application == null) {
			response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
			response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
			response.setCharacterEncoding(StandardCharsets.UTF_8.name());
			response.getWriter()
				.write("{\"type\":\"about:blank\",\"title\":\"Unauthorized\",\"status\":401,"
						+ "\"detail\":\"A valid x-api-key header is required\"}");
			return;
		}
		ApplicationTenant.set(application);
		try {
			chain.doFilter(request, response);
		}
		finally {
			ApplicationTenant.clear();
		}
	}
}

package io.dynamini.sample;

import java.io.IOException;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * CORS for {@code /api/**}, ahead of the API key check, as DynamoDB-mini runs Express's {@code cors()} before its key
 * middleware: browser clients (DynamoDB-mini's is axios-based) send a preflight without the key, which must be
 * answered 204, and every response, a 401 included, carries {@code Access-Control-Allow-Origin}.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class ApiCorsFilter extends OncePerRequestFilter {

	static final String ALLOWED_METHODS = "GET,HEAD,PUT,PATCH,POST,DELETE";

	private final List<String> allowedOrigins;

	/**
	 * @param allowedOrigins {@code sample.cors.allowed-origins}: {@code *} (the default, as {@code cors()}) or a
	 * comma-separated list of origins
	 */
	public ApiCorsFilter(@Value("${sample.cors.allowed-origins:*}") List<String> allowedOrigins) {
		this.allowedOrigins = allowedOrigins.stream().map(String::trim).filter(origin -> !origin.isEmpty()).toList();
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !ApiKeyFilter.isApi(request);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String origin = request.getHeader(HttpHeaders.ORIGIN);
		if (allowedOrigins.contains("*")) {
			response.setHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
		}
		else {
			response.addHeader(HttpHeaders.VARY, HttpHeaders.ORIGIN);
			if (origin != null && allowedOrigins.contains(origin)) {
				response.setHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
			}
		}
		response.setHeader(HttpHeaders.ACCESS_CONTROL_EXPOSE_HEADERS, HttpHeaders.ETAG);
		boolean preflight = "OPTIONS".equals(request.getMethod())
				&& request.getHeader(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD) != null;
		if (!preflight) {
			chain.doFilter(request, response);
			return;
		}
		response.setHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS, ALLOWED_METHODS);
		String requestedHeaders = request.getHeader(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS);
		if (requestedHeaders != null) {
			// any request header, as cors() reflects them
			response.setHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS, requestedHeaders);
			response.addHeader(HttpHeaders.VARY, HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS);
		}
		response.setStatus(HttpServletResponse.SC_NO_CONTENT);
		response.setContentLength(0);
	}
}

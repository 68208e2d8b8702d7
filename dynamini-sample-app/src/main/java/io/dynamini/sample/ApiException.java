package io.dynamini.sample;

import org.springframework.http.HttpStatus;

/**
 * An error the API answers with a problem detail of the given status.
 */
public class ApiException extends RuntimeException {

	private final HttpStatus status;

	public ApiException(HttpStatus status, String detail) {
		super(detail);
		this.status = status;
	}

	public HttpStatus getStatus() {
		return status;
	}

	static ApiException notFound(String what) {
		return new ApiException(HttpStatus.NOT_FOUND, what + " not found");
	}

	static ApiException badRequest(String detail) {
		return new ApiException(HttpStatus.BAD_REQUEST, detail);
	}

	static ApiException preconditionFailed(long current) {
		return new ApiException(HttpStatus.PRECONDITION_FAILED,
				"If-Match does not match the current version " + current + "; nothing was changed");
	}
}

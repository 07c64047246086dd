package dev.latchkey.status.integration;

import dev.latchkey.websecurity.FastAnswer;
import dev.latchkey.websecurity.FastTenantRoute;
import dev.latchkey.websecurity.TenantId;

import org.springframework.stereotype.Component;

/**
 * {@code GET /api/integrations/status}, the poll every frontend repeats, answered behind
 * the HTTP codec, ahead of WebFlux, the security chain and the dispatcher, once the token
 * verified (web-security's {@link FastTenantRoute}): the same bytes, ETag and headers as
 * through the controller, 200 or 304, made once per tenant revision. Anything else about
 * the request takes the ordinary path.
 */
@Component
class StatusPollRoute implements FastTenantRoute {

	private final StatusController controller;

	private final CatchUp catchUp;

	StatusPollRoute(StatusController controller, CatchUp catchUp) {
		this.controller = controller;
		this.catchUp = catchUp;
	}

	@Override
	public String path() {
		return "/api/integrations/status";
	}

	@Override
	public boolean ready() {
		return this.catchUp.isCaughtUp();
	}

	@Override
	public FastAnswer answer(TenantId tenant, RequestHeaders headers) {
		return this.controller.fastStatuses(tenant, headers);
	}

}

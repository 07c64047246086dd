package dev.latchkey.status.integration;

import dev.latchkey.websecurity.FastTenantRoute;
import dev.latchkey.websecurity.TenantId;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * {@code GET /api/integrations/status}, the poll every frontend repeats, answered ahead
 * of the security chain and the dispatcher once the token verified (web-security's
 * {@link FastTenantRoute}): the same bytes, ETag and headers as through the controller,
 * at a fraction of the cost. Anything else about the request takes the ordinary path.
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
	public Mono<Void> answer(TenantId tenant, ServerWebExchange exchange) {
		return this.controller.statuses(tenant, exchange);
	}

}

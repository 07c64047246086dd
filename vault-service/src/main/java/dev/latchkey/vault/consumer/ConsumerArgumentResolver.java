package dev.latchkey.vault.consumer;

import reactor.core.publisher.Mono;

import org.springframework.core.MethodParameter;
import org.springframework.web.reactive.BindingContext;
import org.springframework.web.reactive.result.method.HandlerMethodArgumentResolver;
import org.springframework.web.server.ServerWebExchange;

/**
 * Gives handlers the authenticated {@link RegisteredConsumer} as a parameter, so that
 * each checks the consumer's scope for what it does.
 */
class ConsumerArgumentResolver implements HandlerMethodArgumentResolver {

	@Override
	public boolean supportsParameter(MethodParameter parameter) {
		return RegisteredConsumer.class.equals(parameter.getParameterType());
	}

	@Override
	public Mono<Object> resolveArgument(MethodParameter parameter, BindingContext bindingContext,
			ServerWebExchange exchange) {
		Object consumer = exchange.getAttribute(RegisteredConsumer.ATTRIBUTE);
		return (consumer != null) ? Mono.just(consumer)
				: Mono.error(new IllegalStateException("No authenticated consumer: a handler taking a "
						+ "RegisteredConsumer must be mapped under " + InternalApiAuthentication.PREFIX));
	}

}

package dev.latchkey.websecurity;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * Gives a problem+json body to a 4xx the HTTP server answers with an empty one. Reactor
 * Netty answers requests it cannot decode itself (414 for a request line over its limit,
 * 431 for headers over theirs, 400 for a malformed request), before any Spring code runs;
 * this handler sits right behind the HTTP codec and fills in the body. Answers to HEAD
 * keep their empty body.
 */
final class EmptyErrorBodies extends ChannelDuplexHandler {

	/** The pipeline name of this handler. */
	static final String NAME = "latchkey.emptyErrorBodies";

	private boolean head;

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
		if (msg instanceof HttpRequest request) {
			this.head = HttpMethod.HEAD.equals(request.method());
		}
		super.channelRead(ctx, msg);
	}

	@Override
	public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
		if (msg instanceof FullHttpResponse response && needsBody(response)) {
			HttpResponseStatus status = response.status();
			ByteBuf body = Unpooled.copiedBuffer(problem(status), StandardCharsets.UTF_8);
			DefaultFullHttpResponse replacement = new DefaultFullHttpResponse(response.protocolVersion(), status, body);
			replacement.headers().set(response.headers());
			replacement.headers().remove(HttpHeaderNames.TRANSFER_ENCODING);
			replacement.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/problem+json");
			replacement.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
			response.release();
			super.write(ctx, replacement, promise);
			return;
		}
		super.write(ctx, msg, promise);
	}

	private boolean needsBody(FullHttpResponse response) {
		int code = response.status().code();
		// An empty answer labelled problem+json too: its body failed to be written.
		String type = response.headers().get(HttpHeaderNames.CONTENT_TYPE);
		return code >= 400 && code < 500 && !this.head && response.content().readableBytes() == 0
				&& (type == null || type.startsWith("application/problem+json"));
	}

	static String problem(HttpResponseStatus status) {
		String title = status.reasonPhrase();
		String detail = switch (status.code()) {
			case 413 -> "The request is larger than this service accepts";
			case 414 -> "The request line (method, path and query) is longer than this service accepts";
			case 431 -> "The request headers are larger than this service accepts";
			case 400 -> "The request is not well-formed HTTP";
			default -> "The request was refused: " + title;
		};
		return "{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status.code() + ",\"detail\":\""
				+ detail + "\"}";
	}

}

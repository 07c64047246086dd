package dev.latchkey.websecurity;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

/**
 * Answers {@link FastTenantRoute}s on one connection, right behind the HTTP codec and
 * before Reactor Netty's HTTP handling, WebFlux, the security chain and their per-request
 * observation. Everything that is not a plain request for a route (see
 * {@link FastTenantRoutes}) passes down unchanged.
 * <p>
 * A connection's answers must leave in the order of its requests (HTTP/1.1 pipelining).
 * So a request is answered here only while no earlier request of the connection is still
 * being answered down the pipeline: requests passed down are counted, and so are the ends
 * ({@link LastHttpContent}, not of a {@code 100 Continue}) of the answers written back
 * through this handler; otherwise the request passes down too and waits its turn there. A
 * request answered here is consumed to its end; with {@code Connection: close} it is
 * answered with {@code Connection: close} and the connection closed, and whatever follows
 * is dropped, as Reactor Netty does; after a request passed down asked to close (or an
 * answer from down the pipeline said it closes) every request passes down. While the
 * connection cannot take more writes, requests pass down, where Reactor Netty stops
 * reading until the client catches up.
 */
final class FastTenantRouteHandler extends ChannelDuplexHandler {

	/** The pipeline name of this handler. */
	static final String NAME = "latchkey.fastTenantRoutes";

	private final FastTenantRoutes routes;

	/** Requests passed down whose answer has not been written to its end. */
	private int passedDown;

	/** The rest (content, end) of a request answered here is dropped. */
	private boolean dropping;

	/** A request answered here asked to close: nothing more is read. */
	private boolean closing;

	/**
	 * A request passed down, or an answer written back, ends the connection: from now on
	 * everything is Reactor Netty's, which drops what follows.
	 */
	private boolean passDownOnly;

	/** Answers written since the last flush. */
	private boolean unflushed;

	/** A request was consumed here since the last read completed. */
	private boolean consumed;

	/** The connection was too busy to read more when a read ended. */
	private boolean readWhenWritable;

	FastTenantRouteHandler(FastTenantRoutes routes) {
		this.routes = routes;
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		if (this.closing) {
			ReferenceCountUtil.release(msg);
			return;
		}
		if (this.dropping) {
			this.dropping = !(msg instanceof LastHttpContent);
			ReferenceCountUtil.release(msg);
			return;
		}
		if (msg instanceof HttpRequest request) {
			if (!this.passDownOnly && this.passedDown == 0 && ctx.channel().isWritable() && answered(ctx, request)) {
				return;
			}
			this.passedDown++;
			this.passDownOnly |= !HttpUtil.isKeepAlive(request);
		}
		ctx.fireChannelRead(msg);
	}

	private boolean answered(ChannelHandlerContext ctx, HttpRequest request) {
		long started = System.nanoTime();
		FastTenantRoutes.Answered answered = this.routes.answer(request);
		if (answered == null) {
			return false;
		}
		boolean keepAlive = HttpUtil.isKeepAlive(request);
		this.dropping = !(request instanceof LastHttpContent);
		this.consumed = true;
		ReferenceCountUtil.release(request);
		if (keepAlive) {
			ctx.write(answered.response(true));
			this.unflushed = true;
		}
		else {
			this.closing = true;
			ctx.writeAndFlush(answered.response(false)).addListener(ChannelFutureListener.CLOSE);
		}
		this.routes.record(answered, System.nanoTime() - started);
		return true;
	}

	@Override
	public void channelReadComplete(ChannelHandlerContext ctx) {
		if (this.unflushed) {
			this.unflushed = false;
			ctx.flush();
		}
		// Reactor Netty reads on demand (no auto-read) and asks for more only for
		// requests
		// it saw; for the ones answered here, this handler asks.
		if (this.consumed && !this.closing && this.passedDown == 0 && !ctx.channel().config().isAutoRead()) {
			if (ctx.channel().isWritable()) {
				ctx.read();
			}
			else {
				this.readWhenWritable = true;
			}
		}
		this.consumed = false;
		ctx.fireChannelReadComplete();
	}

	@Override
	public void channelWritabilityChanged(ChannelHandlerContext ctx) {
		if (this.readWhenWritable && ctx.channel().isWritable()) {
			this.readWhenWritable = false;
			ctx.read();
		}
		ctx.fireChannelWritabilityChanged();
	}

	@Override
	public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
		if (msg instanceof HttpResponse response && !HttpUtil.isKeepAlive(response)) {
			this.passDownOnly = true;
		}
		if (msg instanceof LastHttpContent && this.passedDown > 0 && !(msg instanceof HttpResponse response
				&& response.status().codeClass() == HttpStatusClass.INFORMATIONAL)) {
			this.passedDown--;
		}
		ctx.write(msg, promise);
	}

}

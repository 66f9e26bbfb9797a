<?php
/**
 * WooCommerce's hooks and storefront events, mapped to SiteTracker's commerce events.
 *
 * @package SiteTracker
 */

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * What each WooCommerce moment becomes (docs/commerce.md has the events' properties):
 *
 * | WooCommerce                                        | event              | sent by       |
 * | -------------------------------------------------- | ------------------ | ------------- |
 * | woocommerce_add_to_cart (form post, Store API)     | add_to_cart        | next page     |
 * | the same during an AJAX add (`added_to_cart`)      | add_to_cart        | the fragments |
 * | woocommerce_cart_item_removed                      | remove_from_cart   | as above      |
 * | a single product page                              | view_item          | the page      |
 * | a search results page (`?s=`)                      | search             | the page      |
 * | the checkout page                                  | checkout           | the page      |
 * | a click on "Place order"                           | pay_now            | the page      |
 * | the `checkout_error` jQuery event                  | payment_error      | the page      |
 * | woocommerce_order_status_failed                    | payment_error      | this server   |
 * | woocommerce_thankyou                               | purchase           | the page      |
 * | woocommerce_payment_complete                       | purchase           | this server   |
 *
 * Events of the shopper's browser go through the widget's queue
 * (`sitetracker('track', name, props)`); cart changes made by a request that renders no
 * page wait in the WooCommerce session for the next page, or, during WooCommerce's AJAX
 * cart requests, travel in the cart fragments to the `added_to_cart` /
 * `removed_from_cart` handlers. The server's events are signed (SiteTracker_Client),
 * so a paid order counts even when its thank-you page is never seen; both purchases
 * carry the order id, and SiteTracker counts an order once.
 */
class SiteTracker_Events {

	const SESSION_KEY = 'sitetracker_events';
	const FRAGMENT    = 'div.sitetracker-events';
	const MAX_PENDING = 20;
	const MAX_LINES   = 50;

	// The storefront's listeners; `cfg` is {events, checkout, cart, email}.
	const LISTENERS = <<<'JS'
function (cfg) {
  var st = function (name, props) { window.sitetracker('track', name, props); };
  var EMAIL = /^[^@\s]{1,64}@[^@\s]{1,189}\.[^@\s]{2,63}$/;
  // The widget keeps the visitor id in localStorage; a cookie lets this server name
  // the shopper on the order (SameSite=Lax, the whole site, a day).
  var keepVisitor = function () {
    try {
      var id = window.localStorage.getItem('st_vid');
      if (id && /^[A-Za-z0-9_-]{8,64}$/.test(id)) {
        document.cookie = 'st_vid=' + id + '; path=/; max-age=86400; SameSite=Lax' + (location.protocol == 'https:' ? '; Secure' : '');
      }
    } catch (e) {}
  };
  var text = function (html) {
    try {
      return new DOMParser().parseFromString(String(html || ''), 'text/html').body.textContent.replace(/\s+/g, ' ').trim();
    } catch (e) {
      return '';
    }
  };
  (cfg.events || []).forEach(function (event) { st(event.n, event.p); });
  if (cfg.checkout) {
    keepVisitor();
    window.addEventListener('load', keepVisitor);
  }
  var $ = window.jQuery;
  if (!$) return;
  var fromFragments = function (fragments) {
    var html = fragments && fragments['div.sitetracker-events'];
    if (!html) return false;
    try {
      var node = new DOMParser().parseFromString(html, 'text/html').querySelector('[data-events]');
      JSON.parse(node.getAttribute('data-events')).forEach(function (event) { st(event.n, event.p); });
      return true;
    } catch (e) {
      return false;
    }
  };
  $(document.body).on('added_to_cart removed_from_cart', function (event, fragments, hash, $button) {
    if (fromFragments(fragments) || event.type != 'added_to_cart' || !$button || !$button.data) return;
    // A theme's own AJAX add without WooCommerce's fragments: what the button says.
    var props = {}, quantity = parseInt($button.data('quantity'), 10);
    var product = String($button.data('product_sku') || $button.data('product_id') || '').slice(0, 200);
    if (product) props.product = product;
    props.quantity = quantity >= 1 && quantity <= 10000 ? quantity : 1;
    st('add_to_cart', props);
  });
  $(document.body).on('click', '#place_order, .wc-block-components-checkout-place-order-button', function () {
    keepVisitor();
    var props = $.extend({}, cfg.cart || {});
    var method = $('input[name="payment_method"]:checked').val();
    if (method) props.method = String(method).slice(0, 40);
    st('pay_now', props);
  });
  $(document.body).on('checkout_error', function (event, html) {
    var props = { code: 'checkout_error' }, message = text(html);
    if (message) props.message = message.slice(0, 300);
    if (cfg.email) {
      var email = String($('#billing_email').val() || '').trim();
      if (EMAIL.test(email) && email.length <= 254) props.email = email;
    }
    st('payment_error', props);
  });
}
JS;

	/**
	 * The settings.
	 *
	 * @var SiteTracker_Settings
	 */
	private $settings;

	/**
	 * The signed sender.
	 *
	 * @var SiteTracker_Client
	 */
	private $client;

	/**
	 * Events of this AJAX request, for its cart fragments.
	 *
	 * @var array
	 */
	private $ajax_events = array();

	/**
	 * Constructor.
	 *
	 * @param SiteTracker_Settings $settings The settings.
	 * @param SiteTracker_Client   $client   The signed sender.
	 */
	public function __construct( $settings, $client ) {
		$this->settings = $settings;
		$this->client   = $client;
	}

	/**
	 * Hooks every mapping in.
	 */
	public function register() {
		add_action( 'woocommerce_add_to_cart', array( $this, 'added_to_cart' ), 10, 4 );
		add_action( 'woocommerce_cart_item_removed', array( $this, 'removed_from_cart' ), 10, 2 );
		add_filter( 'woocommerce_add_to_cart_fragments', array( $this, 'fragments' ) );
		add_action( 'shutdown', array( $this, 'keep_unsent' ), 5 );
		add_action( 'wp_footer', array( $this, 'print_footer' ) );
		add_action( 'woocommerce_checkout_order_created', array( 'SiteTracker_Visitor', 'remember' ) );
		add_action( 'woocommerce_store_api_checkout_update_order_meta', array( 'SiteTracker_Visitor', 'remember' ) );
		add_action( 'woocommerce_thankyou', array( $this, 'thank_you' ) );
		add_action( 'woocommerce_payment_complete', array( $this, 'payment_complete' ) );
		add_action( 'woocommerce_order_status_failed', array( $this, 'payment_failed' ), 10, 2 );
	}

	// -- the shopper's browser ------------------------------------------------------------

	/**
	 * `woocommerce_add_to_cart`.
	 *
	 * @param string $key          The cart item's key.
	 * @param int    $product_id   The product.
	 * @param int    $quantity     How many were added.
	 * @param int    $variation_id The variation, or 0.
	 */
	public function added_to_cart( $key, $product_id, $quantity, $variation_id = 0 ) {
		$product = wc_get_product( $variation_id ? $variation_id : $product_id );
		$this->queue( 'add_to_cart', $this->line_props( $product, $quantity ) );
	}

	/**
	 * `woocommerce_cart_item_removed`.
	 *
	 * @param string  $key  The cart item's key.
	 * @param WC_Cart $cart The cart.
	 */
	public function removed_from_cart( $key, $cart ) {
		$item = isset( $cart->removed_cart_contents[ $key ] ) ? $cart->removed_cart_contents[ $key ] : null;
		if ( ! is_array( $item ) ) {
			$this->queue( 'remove_from_cart', array() );
			return;
		}
		$id      = ! empty( $item['variation_id'] ) ? $item['variation_id'] : ( isset( $item['product_id'] ) ? $item['product_id'] : 0 );
		$product = $id ? wc_get_product( $id ) : null;
		$this->queue( 'remove_from_cart', $this->line_props( $product, isset( $item['quantity'] ) ? $item['quantity'] : 1 ) );
	}

	/**
	 * `woocommerce_add_to_cart_fragments`: this AJAX request's events ride along.
	 *
	 * @param array $fragments CSS selector => HTML.
	 * @return array
	 */
	public function fragments( $fragments ) {
		if ( $this->ajax_events ) {
			$fragments[ self::FRAGMENT ] = '<div class="sitetracker-events" data-events="' . esc_attr( (string) wp_json_encode( $this->ajax_events ) ) . '"></div>';
			$this->ajax_events           = array();
		}
		return $fragments;
	}

	/**
	 * `shutdown`: AJAX events that found no fragments wait for the next page.
	 */
	public function keep_unsent() {
		if ( $this->ajax_events ) {
			$this->keep( $this->ajax_events );
			$this->ajax_events = array();
		}
	}

	/**
	 * `wp_footer`: the listeners, the events waiting for this page, and on the checkout
	 * page the `checkout` event.
	 */
	public function print_footer() {
		$events = $this->take_pending();
		if ( ! SiteTracker_Tags::tracked( $this->settings ) ) {
			return;
		}
		$events   = array_merge( $events, $this->page_events() );
		$checkout = is_checkout() && ! is_wc_endpoint_url( 'order-received' ) && ! is_wc_endpoint_url( 'order-pay' );
		$cart     = $checkout ? $this->cart_props() : null;
		if ( null !== $cart ) {
			$events[] = array(
				'n' => 'checkout',
				'p' => $cart,
			);
		}
		$config = array(
			'events'   => $events,
			'checkout' => $checkout,
			'cart'     => null !== $cart ? $cart : new stdClass(),
			'email'    => (bool) $this->settings->get( 'payment_error_email' ),
		);
		echo '<script>(' . self::LISTENERS . ')(' . self::js( $config ) . ");</script>\n"; // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- a constant and JSON made safe for a script.
	}

	/**
	 * `woocommerce_thankyou`: the purchase, from the page the shopper sees.
	 *
	 * @param int $order_id The order.
	 */
	public function thank_you( $order_id ) {
		$order = wc_get_order( $order_id );
		if ( ! $order || $order->has_status( 'failed' ) || ! SiteTracker_Tags::tracked( $this->settings ) ) {
			return;
		}
		echo '<script>window.sitetracker("track", "purchase", ' . self::js( $this->purchase_props( $order ) ) . ");</script>\n"; // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- JSON made safe for a script.
	}

	// -- this server ----------------------------------------------------------------------

	/**
	 * `woocommerce_payment_complete`: the purchase, signed, from this server.
	 *
	 * @param int $order_id The order.
	 */
	public function payment_complete( $order_id ) {
		$order = wc_get_order( $order_id );
		if ( ! $order ) {
			return;
		}
		$this->client->send(
			SiteTracker_Visitor::for_order( $order ),
			array(
				'n' => 'purchase',
				'i' => self::event_id( $order, 'purchase' ),
				'p' => $this->purchase_props( $order ),
			),
			(string) $order->get_customer_user_agent()
		);
	}

	/**
	 * `woocommerce_order_status_failed`: a payment error, signed, from this server; the
	 * shopper's email only when the settings say so.
	 *
	 * @param int           $order_id The order.
	 * @param WC_Order|null $order    The order, when WooCommerce passes it.
	 */
	public function payment_failed( $order_id, $order = null ) {
		$order = $order ? $order : wc_get_order( $order_id );
		if ( ! $order ) {
			return;
		}
		$title = trim( (string) $order->get_payment_method_title() );
		$props = array(
			'code'    => 'payment_failed',
			'message' => self::cut( '' !== $title ? sprintf( 'Payment failed (%s)', $title ) : 'Payment failed', 300 ),
		);
		$method = self::cut( (string) $order->get_payment_method(), 40 );
		if ( '' !== $method ) {
			$props['method'] = $method;
		}
		$props['value']    = self::amount( $order->get_total() );
		$props['currency'] = (string) $order->get_currency();
		$props['items']    = min( 10000, max( 0, (int) $order->get_item_count() ) );
		$email             = strtolower( trim( (string) $order->get_billing_email() ) );
		if ( $this->settings->get( 'payment_error_email' ) && is_email( $email ) && strlen( $email ) <= 254 ) {
			$props['email'] = $email;
		}
		$this->client->send(
			SiteTracker_Visitor::for_order( $order ),
			array(
				'n' => 'payment_error',
				'i' => self::event_id( $order, 'payment_error' ),
				'p' => self::valid_currency( $props ),
			),
			(string) $order->get_customer_user_agent()
		);
	}

	/**
	 * The event's id, the same as WooCommerce's own webhooks get on the server
	 * (`wc:order:<id>:purchase`; a payment error also names when the order last
	 * changed, so each failure is one), so a sale is counted once whichever sends it.
	 *
	 * @param WC_Order $order The order.
	 * @param string   $name  The event.
	 * @return string
	 */
	private static function event_id( $order, $name ) {
		$id = 'wc:order:' . (int) $order->get_id() . ':' . $name;
		if ( 'payment_error' === $name ) {
			$modified = $order->get_date_modified();
			$id      .= ':' . ( $modified ? gmdate( 'YmdHis', $modified->getTimestamp() ) : '' );
		}
		return rtrim( $id, ':' );
	}

	// -- properties -----------------------------------------------------------------------

	/**
	 * `{product, quantity, value, currency}` of `$quantity` of `$product`.
	 *
	 * @param WC_Product|null|false $product  The product.
	 * @param int                   $quantity How many.
	 * @return array
	 */
	private function line_props( $product, $quantity ) {
		$quantity = max( 1, min( 10000, (int) $quantity ) );
		$props    = array();
		if ( $product ) {
			$props['product'] = self::cut( (string) $product->get_name(), 200 );
		}
		$props['quantity'] = $quantity;
		if ( $product ) {
			$props['value'] = self::amount( wc_get_price_to_display( $product, array( 'qty' => $quantity ) ) );
		}
		$props['currency'] = get_woocommerce_currency();
		return self::valid_currency( $props );
	}

	/**
	 * What this page is: a product's page (`view_item`: product, id, value, currency) or a
	 * search's results (`search`: q, results).
	 *
	 * @return array
	 */
	private function page_events() {
		$events = array();
		if ( function_exists( 'is_product' ) && is_product() ) {
			$product = wc_get_product( get_queried_object_id() );
			if ( $product ) {
				$props = $this->line_props( $product, 1 );
				unset( $props['quantity'] );
				$props['id'] = self::cut( (string) $product->get_id(), 64 );
				$events[]    = array(
					'n' => 'view_item',
					'p' => $props,
				);
			}
		}
		if ( is_search() ) {
			$words = preg_replace( '/[\x00-\x1f\x7f]+/u', ' ', (string) get_search_query( false ) );
			$words = self::cut( trim( preg_replace( '/\s+/u', ' ', (string) $words ) ), 100 );
			if ( '' !== $words ) {
				global $wp_query;
				$events[] = array(
					'n' => 'search',
					'p' => array(
						'q'       => $words,
						'results' => isset( $wp_query->found_posts ) ? max( 0, min( 1000000, (int) $wp_query->found_posts ) ) : 0,
					),
				);
			}
		}
		return $events;
	}

	/**
	 * The cart as `{value, currency, items}`, or null without a cart.
	 *
	 * @return array|null
	 */
	private function cart_props() {
		$cart = function_exists( 'WC' ) && WC() ? WC()->cart : null;
		if ( ! $cart ) {
			return null;
		}
		return self::valid_currency(
			array(
				'value'    => self::amount( $cart->get_total( 'edit' ) ),
				'currency' => get_woocommerce_currency(),
				'items'    => min( 10000, max( 0, (int) $cart->get_cart_contents_count() ) ),
			)
		);
	}

	/**
	 * An order as `purchase` properties: id, total, currency, lines, payment method.
	 *
	 * @param WC_Order $order The order.
	 * @return array
	 */
	private function purchase_props( $order ) {
		$lines = array();
		foreach ( array_slice( $order->get_items(), 0, self::MAX_LINES ) as $item ) {
			$lines[] = array(
				'product'  => self::cut( (string) $item->get_name(), 200 ),
				'quantity' => max( 1, min( 10000, (int) $item->get_quantity() ) ),
				'value'    => self::amount( (float) $item->get_total() + (float) $item->get_total_tax() ),
			);
		}
		$props  = array(
			'order_id' => (string) $order->get_id(),
			'value'    => self::amount( $order->get_total() ),
			'currency' => (string) $order->get_currency(),
			'items'    => $lines,
		);
		$method = self::cut( (string) $order->get_payment_method(), 40 );
		if ( '' !== $method ) {
			$props['method'] = $method;
		}
		return self::valid_currency( $props );
	}

	// -- where browser events wait ----------------------------------------------------------

	/**
	 * Queues an event of the shopper's browser (not for staff who are not tracked).
	 *
	 * @param string $name  The event.
	 * @param array  $props Its properties.
	 */
	private function queue( $name, array $props ) {
		if ( ! SiteTracker_Tags::tracked( $this->settings ) ) {
			return;
		}
		$event = array(
			'n' => $name,
			'p' => (object) $props,
		);
		if ( wp_doing_ajax() ) {
			$this->ajax_events[] = $event;
		} else {
			$this->keep( array( $event ) );
		}
	}

	/**
	 * Keeps events in the WooCommerce session for the next page (the latest 20).
	 *
	 * @param array $events The events.
	 */
	private function keep( array $events ) {
		$session = $this->session();
		if ( ! $session ) {
			return;
		}
		$pending = $session->get( self::SESSION_KEY );
		$pending = is_array( $pending ) ? $pending : array();
		$session->set( self::SESSION_KEY, array_slice( array_merge( $pending, $events ), -self::MAX_PENDING ) );
	}

	/**
	 * The events waiting in the session, which then holds none.
	 *
	 * @return array
	 */
	private function take_pending() {
		$session = $this->session();
		if ( ! $session ) {
			return array();
		}
		$pending = $session->get( self::SESSION_KEY );
		if ( empty( $pending ) ) {
			return array();
		}
		$session->set( self::SESSION_KEY, null );
		return is_array( $pending ) ? array_values( $pending ) : array();
	}

	/**
	 * WooCommerce's session, when there is one.
	 *
	 * @return WC_Session|null
	 */
	private function session() {
		return function_exists( 'WC' ) && WC() && WC()->session ? WC()->session : null;
	}

	// -- small helpers ----------------------------------------------------------------------

	/**
	 * JSON safe inside a `<script>` element.
	 *
	 * @param mixed $value The value.
	 * @return string
	 */
	private static function js( $value ) {
		return (string) wp_json_encode( $value, JSON_HEX_TAG | JSON_HEX_AMP | JSON_HEX_APOS | JSON_HEX_QUOT );
	}

	/**
	 * An amount as the server takes it: a number from 0 to 1e9, two decimals.
	 *
	 * @param mixed $value A price.
	 * @return float
	 */
	private static function amount( $value ) {
		return round( max( 0.0, min( 1e9, (float) $value ) ), 2 );
	}

	/**
	 * `$props` without a currency the server would refuse (an ISO 4217 code: 3 letters).
	 *
	 * @param array $props Properties.
	 * @return array
	 */
	private static function valid_currency( array $props ) {
		if ( isset( $props['currency'] ) && ! preg_match( '/^[A-Za-z]{3}$/', (string) $props['currency'] ) ) {
			unset( $props['currency'] );
		}
		return $props;
	}

	/**
	 * At most `$length` characters.
	 *
	 * @param string $text   The text.
	 * @param int    $length The limit.
	 * @return string
	 */
	private static function cut( $text, $length ) {
		return function_exists( 'mb_substr' ) ? mb_substr( $text, 0, $length, 'UTF-8' ) : substr( $text, 0, $length );
	}
}

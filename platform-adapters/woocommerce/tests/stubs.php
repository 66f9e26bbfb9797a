<?php
/**
 * Tiny stand-ins for the WordPress and WooCommerce functions the plugin calls, with
 * their state in $GLOBALS['st']: hooks, options, the user, the page, the cart, the
 * session, orders, and every wp_remote_post() request (captured, never sent).
 *
 * @package SiteTracker
 */

define( 'ABSPATH', __DIR__ . '/' );

/**
 * Resets the fake WordPress to a shopper's storefront page, the plugin configured.
 *
 * @param array $options     The plugin's settings.
 * @param bool  $woocommerce Whether WooCommerce is active (it stays so once it is).
 */
function st_reset( array $options = array(), $woocommerce = true ) {
	if ( $woocommerce && ! class_exists( 'WooCommerce', false ) ) {
		class_alias( 'ST_WooCommerce', 'WooCommerce' );
	}
	$GLOBALS['st'] = array(
		'hooks'    => array(),
		'options'  => array(
			'sitetracker_settings' => array_merge(
				array(
					'server_url'  => 'https://track.example.com',
					'site_key'    => 'a1b2c3d4e5f6a7b8',
					'site_secret' => 'secret-of-the-site-0123456789',
				),
				$options
			),
		),
		'caps'     => array(),
		'user'     => (object) array( 'ID' => 0, 'user_login' => '' ),
		'posts'    => array(),
		'page'     => array(
			'checkout' => false,
			'endpoint' => null,
			'ajax'     => false,
			'product'  => 0,
			'search'   => null,
			'found'    => 0,
		),
		'session'  => new ST_Session(),
		'cart'     => new ST_Cart(),
		'orders'   => array(),
		'products' => array(),
		'errors'   => array(),
	);
	$_COOKIE       = array();
}

// -- hooks ----------------------------------------------------------------------------

function add_action( $hook, $callback, $priority = 10, $args = 1 ) {
	$GLOBALS['st']['hooks'][ $hook ][] = array( $callback, $args );
	return true;
}

function add_filter( $hook, $callback, $priority = 10, $args = 1 ) {
	return add_action( $hook, $callback, $priority, $args );
}

function do_action( $hook, ...$args ) {
	foreach ( isset( $GLOBALS['st']['hooks'][ $hook ] ) ? $GLOBALS['st']['hooks'][ $hook ] : array() as $entry ) {
		call_user_func_array( $entry[0], array_slice( $args, 0, $entry[1] ) );
	}
}

function apply_filters( $hook, $value, ...$args ) {
	foreach ( isset( $GLOBALS['st']['hooks'][ $hook ] ) ? $GLOBALS['st']['hooks'][ $hook ] : array() as $entry ) {
		$value = call_user_func_array( $entry[0], array_slice( array_merge( array( $value ), $args ), 0, $entry[1] ) );
	}
	return $value;
}

/** Output of running a hook. */
function st_output( $hook, ...$args ) {
	ob_start();
	do_action( $hook, ...$args );
	return ob_get_clean();
}

// -- options, users, escaping ------------------------------------------------------------

function get_option( $name, $default = false ) {
	return array_key_exists( $name, $GLOBALS['st']['options'] ) ? $GLOBALS['st']['options'][ $name ] : $default;
}

function update_option( $name, $value ) {
	$GLOBALS['st']['options'][ $name ] = $value;
	return true;
}

function current_user_can( $capability ) {
	return in_array( $capability, $GLOBALS['st']['caps'], true );
}

function wp_get_current_user() {
	return $GLOBALS['st']['user'];
}

function esc_attr( $text ) {
	return htmlspecialchars( (string) $text, ENT_QUOTES, 'UTF-8' );
}

function esc_html( $text ) {
	return htmlspecialchars( (string) $text, ENT_QUOTES, 'UTF-8' );
}

function esc_url( $url ) {
	return preg_match( '#^https?://#', (string) $url ) ? htmlspecialchars( (string) $url, ENT_QUOTES, 'UTF-8' ) : '';
}

function esc_url_raw( $url, $protocols = null ) {
	return preg_match( '#^https?://[^\s"<>]+$#', (string) $url ) ? (string) $url : '';
}

function __( $text, $domain = 'default' ) {
	return $text;
}

function esc_html__( $text, $domain = 'default' ) {
	return esc_html( $text );
}

function wp_json_encode( $data, $options = 0, $depth = 512 ) {
	return json_encode( $data, $options, $depth );
}

function wp_unslash( $value ) {
	return is_string( $value ) ? stripslashes( $value ) : $value;
}

function sanitize_text_field( $text ) {
	return trim( preg_replace( '/[\r\n\t ]+/', ' ', wp_strip_all_tags( (string) $text ) ) );
}

function wp_strip_all_tags( $text ) {
	return strip_tags( (string) $text );
}

function is_email( $email ) {
	return (bool) filter_var( $email, FILTER_VALIDATE_EMAIL );
}

function home_url( $path = '' ) {
	return 'https://shop.example.com' . $path;
}

function admin_url( $path = '' ) {
	return 'https://shop.example.com/wp-admin/' . $path;
}

function checked( $checked, $current = true, $echo = true ) {
	$result = (string) $checked === (string) $current ? " checked='checked'" : '';
	if ( $echo ) {
		echo $result;
	}
	return $result;
}

function add_settings_error( $setting, $code, $message ) {
	$GLOBALS['st']['errors'][] = $code;
}

function register_setting( ...$args ) {}

function add_submenu_page( ...$args ) {
	$GLOBALS['st']['submenu'] = $args;
	return 'sitetracker';
}

function settings_fields( $group ) {
	echo '<input type="hidden" name="option_page" value="' . esc_attr( $group ) . '">';
}

function submit_button() {
	echo '<button type="submit">Save</button>';
}

function wp_doing_ajax() {
	return $GLOBALS['st']['page']['ajax'];
}

function wp_remote_post( $url, $args ) {
	$GLOBALS['st']['posts'][] = array( 'url' => $url, 'args' => $args );
	return array( 'response' => array( 'code' => 202 ) );
}

// -- WooCommerce ------------------------------------------------------------------------

function is_product() {
	return 0 !== $GLOBALS['st']['page']['product'];
}

function get_queried_object_id() {
	return $GLOBALS['st']['page']['product'];
}

function is_search() {
	$GLOBALS['wp_query'] = (object) array( 'found_posts' => $GLOBALS['st']['page']['found'] );
	return null !== $GLOBALS['st']['page']['search'];
}

function get_search_query( $escaped = true ) {
	return (string) $GLOBALS['st']['page']['search'];
}

function is_checkout() {
	return $GLOBALS['st']['page']['checkout'];
}

function is_wc_endpoint_url( $endpoint = false ) {
	return $GLOBALS['st']['page']['endpoint'] === $endpoint;
}

function get_woocommerce_currency() {
	return 'EUR';
}

function wc_get_product( $id ) {
	return isset( $GLOBALS['st']['products'][ $id ] ) ? $GLOBALS['st']['products'][ $id ] : false;
}

function wc_get_order( $id ) {
	return isset( $GLOBALS['st']['orders'][ $id ] ) ? $GLOBALS['st']['orders'][ $id ] : false;
}

function wc_get_price_to_display( $product, $args = array() ) {
	return $product->price * ( isset( $args['qty'] ) ? $args['qty'] : 1 );
}

function WC() {
	static $wc;
	$wc          = $wc ? $wc : new stdClass();
	$wc->cart    = $GLOBALS['st']['cart'];
	$wc->session = $GLOBALS['st']['session'];
	return $wc;
}

class ST_WooCommerce {}

class ST_Session {
	public $data = array();

	public function get( $key, $default = null ) {
		return array_key_exists( $key, $this->data ) ? $this->data[ $key ] : $default;
	}

	public function set( $key, $value ) {
		$this->data[ $key ] = $value;
	}
}

class ST_Cart {
	public $total                 = 0.0;
	public $count                 = 0;
	public $removed_cart_contents = array();

	public function get_total( $context = 'view' ) {
		return $this->total;
	}

	public function get_cart_contents_count() {
		return $this->count;
	}
}

class ST_Product {
	public $name;
	public $price;

	public function __construct( $name, $price ) {
		$this->name  = $name;
		$this->price = $price;
	}

	public function get_name() {
		return $this->name;
	}

	public function get_id() {
		return array_search( $this, $GLOBALS['st']['products'], true );
	}
}

class ST_Item {
	private $name;
	private $quantity;
	private $total;
	private $tax;

	public function __construct( $name, $quantity, $total, $tax = 0.0 ) {
		$this->name     = $name;
		$this->quantity = $quantity;
		$this->total    = $total;
		$this->tax      = $tax;
	}

	public function get_name() {
		return $this->name;
	}

	public function get_quantity() {
		return $this->quantity;
	}

	public function get_total() {
		return $this->total;
	}

	public function get_total_tax() {
		return $this->tax;
	}
}

class ST_Order {
	public $id;
	public $status      = 'processing';
	public $customer_id = 0;
	public $email       = 'jane@example.com';
	public $meta        = array();
	public $items       = array();
	public $total       = '79.80';
	public $user_agent  = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36';
	public $saved       = 0;

	public function __construct( $id ) {
		$this->id    = $id;
		$this->items = array(
			new ST_Item( 'Organic tee', 2, 50.0, 9.8 ),
			new ST_Item( 'Canvas tote', 1, 16.67, 3.33 ),
		);
	}

	public function get_id() {
		return $this->id;
	}

	public function get_total() {
		return $this->total;
	}

	public function get_currency() {
		return 'EUR';
	}

	public function get_items() {
		return $this->items;
	}

	public function get_item_count() {
		return 3;
	}

	public function get_payment_method() {
		return 'stripe';
	}

	public function get_payment_method_title() {
		return 'Credit card (Stripe)';
	}

	public function get_customer_user_agent() {
		return $this->user_agent;
	}

	public function get_customer_id() {
		return $this->customer_id;
	}

	public function get_billing_email() {
		return $this->email;
	}

	public function has_status( $status ) {
		return $this->status === $status;
	}

	public function get_date_modified() {
		return new DateTime( '2026-12-01T13:03:40+00:00' ); // WC_DateTime is a DateTime
	}

	public function get_meta( $key ) {
		return isset( $this->meta[ $key ] ) ? $this->meta[ $key ] : '';
	}

	public function update_meta_data( $key, $value ) {
		$this->meta[ $key ] = $value;
	}

	public function save() {
		$this->saved++;
	}
}

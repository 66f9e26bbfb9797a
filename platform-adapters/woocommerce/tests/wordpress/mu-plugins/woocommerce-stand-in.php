<?php
/**
 * Plugin Name: WooCommerce stand-in (SiteTracker's tests)
 * Description: WooCommerce is not in the package registries the tests may use, so this
 * stands in for the little of it the SiteTracker plugin touches: the WooCommerce class
 * (the plugin boots only when it exists), the shop's menu and capability (as
 * WooCommerce's installer gives administrators), and orders shaped like WC_Order that
 * the tests hand to WooCommerce's hooks with do_action().
 *
 * @package SiteTracker
 */

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

class WooCommerce {
	public $session = null;
	public $cart    = null;
}

function WC() { // phpcs:ignore WordPress.NamingConventions.ValidFunctionName -- WooCommerce's name.
	static $instance = null;
	return $instance ? $instance : ( $instance = new WooCommerce() );
}

function get_woocommerce_currency() {
	return 'EUR';
}

function is_checkout() {
	return false;
}

function is_wc_endpoint_url( $endpoint = '' ) {
	return false;
}

function wc_get_product( $id ) {
	return false;
}

function wc_get_price_to_display( $product, $args = array() ) {
	return 0;
}

/** A line of an order, as WC_Order_Item_Product answers. */
class ST_WC_Order_Item {
	private $data;

	public function __construct( array $data ) {
		$this->data = $data;
	}

	public function get_name() {
		return $this->data['name'];
	}

	public function get_quantity() {
		return $this->data['quantity'];
	}

	public function get_total() {
		return $this->data['total'];
	}

	public function get_total_tax() {
		return $this->data['total_tax'];
	}
}

/** An order, answering WC_Order's getters the plugin calls, with WooCommerce's types. */
class ST_WC_Order {
	private $data;
	private $meta = array();

	public function __construct( array $data ) {
		$this->data = $data;
	}

	public function get_id() {
		return (int) $this->data['id'];
	}

	public function get_status() {
		return $this->data['status'];
	}

	public function has_status( $status ) {
		return in_array( $this->data['status'], (array) $status, true );
	}

	public function get_total() {
		return $this->data['total']; // a string, as WooCommerce keeps it
	}

	public function get_currency() {
		return $this->data['currency'];
	}

	public function get_items() {
		return array_map(
			function ( $line ) {
				return new ST_WC_Order_Item( $line );
			},
			$this->data['line_items']
		);
	}

	public function get_item_count() {
		return array_sum( array_column( $this->data['line_items'], 'quantity' ) );
	}

	public function get_payment_method() {
		return $this->data['payment_method'];
	}

	public function get_payment_method_title() {
		return $this->data['payment_method_title'];
	}

	public function get_customer_user_agent() {
		return $this->data['customer_user_agent'];
	}

	public function get_customer_id() {
		return (int) $this->data['customer_id'];
	}

	public function get_billing_email() {
		return $this->data['billing']['email'];
	}

	public function get_order_key() {
		return $this->data['order_key'];
	}

	public function get_date_modified() {
		return new DateTime( $this->data['date_modified_gmt'] . '+00:00' );
	}

	public function get_meta( $key, $single = true ) {
		return isset( $this->meta[ $key ] ) ? $this->meta[ $key ] : '';
	}

	public function update_meta_data( $key, $value ) {
		$this->meta[ $key ] = $value;
	}

	public function save() {
		return $this->get_id();
	}
}

/** The orders the tests registered (by id), for wc_get_order(). */
function st_test_orders( $order = null ) {
	static $orders = array();
	if ( $order ) {
		$orders[ $order->get_id() ] = $order;
	}
	return $orders;
}

function wc_get_order( $id ) {
	$orders = st_test_orders();
	return isset( $orders[ (int) $id ] ) ? $orders[ (int) $id ] : false;
}

// WooCommerce's menu, under which the plugin puts its settings page.
add_action(
	'admin_menu',
	function () {
		add_menu_page( 'WooCommerce', 'WooCommerce', 'manage_woocommerce', 'woocommerce', '__return_null', '', 56 );
	},
	9
);

// WooCommerce's installer gives administrators its capability.
add_action(
	'init',
	function () {
		$role = get_role( 'administrator' );
		if ( $role && ! $role->has_cap( 'manage_woocommerce' ) ) {
			$role->add_cap( 'manage_woocommerce' );
		}
	}
);

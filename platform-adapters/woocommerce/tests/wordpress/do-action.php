<?php
/**
 * Loads the test WordPress headless and fires WooCommerce's order hooks with do_action()
 * on orders shaped like WooCommerce's (the JSON file given: a REST API v3 order); prints,
 * as JSON, the requests the plugin made (caught before they leave, so the Python test
 * posts them to the real server).
 *
 *   php do-action.php WP_DIR ORDER_JSON HOOK...     HOOK: woocommerce_payment_complete,
 *                                                  woocommerce_order_status_failed
 */

[ , $wp_dir, $order_file ] = $argv;
$hooks                      = array_slice( $argv, 3 );
$_SERVER['HTTP_HOST']       = '127.0.0.1';
$_SERVER['REQUEST_URI']     = '/';
define( 'WP_USE_THEMES', false );
require $wp_dir . '/wp-load.php';

$requests = array();
add_filter(
	'pre_http_request',
	function ( $response, $args, $url ) use ( &$requests ) {
		$requests[] = array( 'url' => $url, 'headers' => $args['headers'], 'body' => $args['body'], 'blocking' => $args['blocking'] );
		return array( 'headers' => array(), 'body' => '', 'response' => array( 'code' => 202, 'message' => 'Accepted' ), 'cookies' => array() );
	},
	10,
	3
);

$order = new ST_WC_Order( json_decode( file_get_contents( $order_file ), true ) );
st_test_orders( $order );
foreach ( $hooks as $hook ) {
	if ( 'woocommerce_order_status_failed' === $hook ) {
		do_action( $hook, $order->get_id(), $order );
	} else {
		do_action( $hook, $order->get_id() );
	}
}
echo json_encode( $requests );

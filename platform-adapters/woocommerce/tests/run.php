<?php
/**
 * The plugin's tests, in plain PHP with tiny WordPress/WooCommerce stubs (stubs.php).
 *
 *   php run.php                                       run every test; exit 0 when all pass
 *   php run.php --mint SECRET SITE SUB [NOW]          print an admin token the plugin mints
 *   php run.php --server-event purchase|payment_error SERVER KEY SECRET
 *                                                     print, as JSON, the signed request the
 *                                                     plugin makes for that event
 *   php run.php --checkout-footer                     print the checkout page's footer
 *   php run.php --catalog-footer                      print a product page's footer that
 *                                                     is also a search's (both events)
 *
 * tests/test_adapters_woocommerce.py runs them all: the token and the requests are
 * checked by the server's own code, the footer's script runs in node.
 *
 * @package SiteTracker
 */

require __DIR__ . '/stubs.php';
st_reset( array(), false );
require __DIR__ . '/../sitetracker/sitetracker.php';

$failures = 0;
$count    = 0;

/**
 * Fails the current test with `$message` unless `$condition`.
 *
 * @param bool   $condition What must hold.
 * @param string $message   What it means.
 * @throws RuntimeException When it does not hold.
 */
function check( $condition, $message ) {
	if ( ! $condition ) {
		throw new RuntimeException( $message );
	}
}

function contains( $haystack, $needle ) {
	check( false !== strpos( $haystack, $needle ), "expected to find:\n  $needle\nin:\n  $haystack" );
}

function lacks( $haystack, $needle ) {
	check( false === strpos( $haystack, $needle ), "did not expect:\n  $needle\nin:\n  $haystack" );
}

/** A fresh WordPress with the plugin booted; `$options` change its settings. */
function boot( array $options = array() ) {
	st_reset( $options );
	sitetracker_boot();
}

function as_shop_manager( $login = 'alice' ) {
	$GLOBALS['st']['caps'] = array( 'manage_woocommerce' );
	$GLOBALS['st']['user'] = (object) array( 'ID' => 7, 'user_login' => $login );
}

function order( $id = 1042 ) {
	$order                             = new ST_Order( $id );
	$GLOBALS['st']['orders'][ $id ] = $order;
	return $order;
}

/** The JSON argument of every `sitetracker("track", name, ...)` printed, by name. */
function tracked_in( $html ) {
	preg_match_all( '/\(\{"events":(.*?)\);<\/script>/s', $html, $configs );
	$events = array();
	foreach ( $configs[0] as $config ) {
		$decoded = json_decode( substr( $config, 1, -strlen( ');</script>' ) ), true );
		foreach ( $decoded['events'] as $event ) {
			$events[] = $event;
		}
	}
	preg_match_all( '/window\.sitetracker\("track", "(\w+)", (.*?)\);<\/script>/s', $html, $calls, PREG_SET_ORDER );
	foreach ( $calls as $call ) {
		$events[] = array( 'n' => $call[1], 'p' => json_decode( $call[2], true ) );
	}
	return $events;
}

function b64url_decode( $text ) {
	return base64_decode( strtr( $text, '-_', '+/' ) . str_repeat( '=', ( 4 - strlen( $text ) % 4 ) % 4 ) );
}

function test_nothing_but_a_notice_without_woocommerce() {
	st_reset( array(), false ); // first of the tests: WooCommerce is not loaded yet
	sitetracker_boot();
	check( array( 'admin_notices' ) === array_keys( $GLOBALS['st']['hooks'] ), implode( ', ', array_keys( $GLOBALS['st']['hooks'] ) ) );
	contains( st_output( 'admin_notices' ), 'needs WooCommerce' );
}

// -- the tags -----------------------------------------------------------------------------

function test_widget_tag_and_queue_stub_are_printed_in_the_storefront_head() {
	boot();
	$html = st_output( 'wp_head' );
	contains( $html, '<script>window.sitetracker = window.sitetracker || function () { (sitetracker.q = sitetracker.q || []).push(arguments); };</script>' );
	contains( $html, '<script async src="https://track.example.com/widget.js" data-site="a1b2c3d4e5f6a7b8"></script>' );
	check( strpos( $html, 'sitetracker.q' ) < strpos( $html, 'widget.js' ), 'the stub comes before the widget' );
}

function test_nothing_is_printed_until_configured() {
	boot( array( 'site_secret' => '' ) );
	check( '' === st_output( 'wp_head' ), 'no widget without a secret' );
	as_shop_manager();
	check( '' === st_output( 'admin_footer' ), 'no overlay without a secret' );
}

function test_shop_staff_are_not_tracked_unless_asked() {
	boot();
	as_shop_manager();
	check( '' === st_output( 'wp_head' ), 'no widget for staff' );
	boot( array( 'track_admins' => true ) );
	as_shop_manager();
	contains( st_output( 'wp_head' ), 'widget.js' );
}

function test_tag_attributes_are_escaped() {
	boot( array( 'server_url' => 'https://track.example.com/a"b<c' ) );
	$html = st_output( 'wp_head' );
	lacks( $html, 'a"b' );
	lacks( $html, '<c' );
}

function test_overlay_tag_with_a_12_hour_admin_token_for_shop_managers() {
	boot();
	as_shop_manager( 'alice' );
	$before = time();
	$html   = st_output( 'admin_footer' );
	check( 1 === preg_match( '#<script async src="https://track\.example\.com/overlay\.js" data-site="a1b2c3d4e5f6a7b8" data-token="([^"]+)"></script>#', $html, $m ), "overlay tag: $html" );
	list( $head, $body, $signature ) = explode( '.', $m[1] );
	check( json_decode( b64url_decode( $head ), true ) === array( 'alg' => 'HS256', 'typ' => 'JWT' ), 'header' );
	$claims = json_decode( b64url_decode( $body ), true );
	check( 'a1b2c3d4e5f6a7b8' === $claims['site'] && 'alice' === $claims['sub'] && 'admin' === $claims['role'], 'claims: ' . $body );
	check( $claims['iat'] >= $before && 12 * 3600 === $claims['exp'] - $claims['iat'], 'lifetime' );
	check( hash_equals( hash_hmac( 'sha256', "$head.$body", 'secret-of-the-site-0123456789', true ), b64url_decode( $signature ) ), 'signature' );
}

function test_no_overlay_for_other_users() {
	boot();
	$GLOBALS['st']['caps'] = array( 'read' );
	check( '' === st_output( 'admin_footer' ), 'no overlay for a customer' );
}

// -- the settings ---------------------------------------------------------------------------

function test_settings_page_is_under_woocommerce_for_shop_managers() {
	boot();
	do_action( 'admin_menu' );
	check( 'woocommerce' === $GLOBALS['st']['submenu'][0] && 'manage_woocommerce' === $GLOBALS['st']['submenu'][3], 'submenu' );
	check( 'manage_woocommerce' === apply_filters( 'option_page_capability_sitetracker', 'manage_options' ), 'capability' );
	as_shop_manager();
	$settings = new SiteTracker_Settings();
	ob_start();
	$settings->render();
	$html = ob_get_clean();
	contains( $html, 'name="sitetracker_settings[server_url]" value="https://track.example.com"' );
	lacks( $html, 'secret-of-the-site-0123456789' );
	lacks( $html, "checked='checked'" );
}

function test_settings_are_cleaned_and_an_empty_secret_keeps_the_saved_one() {
	boot();
	$settings = new SiteTracker_Settings();
	$clean    = $settings->sanitize(
		array(
			'server_url'          => ' https://track.example.com/ ',
			'site_key'            => 'ffff0000aaaa1111',
			'site_secret'         => '',
			'payment_error_email' => '1',
		)
	);
	check( 'https://track.example.com' === $clean['server_url'], 'url: ' . $clean['server_url'] );
	check( 'ffff0000aaaa1111' === $clean['site_key'], 'key' );
	check( 'secret-of-the-site-0123456789' === $clean['site_secret'], 'secret kept' );
	check( true === $clean['payment_error_email'] && false === $clean['track_admins'], 'options' );
	$bad = $settings->sanitize( array( 'server_url' => 'javascript:alert(1)', 'site_key' => 'no spaces!', 'site_secret' => 'short' ) );
	check( '' === $bad['server_url'] && 'a1b2c3d4e5f6a7b8' === $bad['site_key'], 'bad values refused' );
	check( array( 'server_url', 'site_key', 'site_secret' ) === $GLOBALS['st']['errors'], 'errors named' );
}

// -- cart events ------------------------------------------------------------------------------

function test_a_form_add_to_cart_is_tracked_on_the_next_page() {
	boot();
	$GLOBALS['st']['products'][11] = new ST_Product( 'Organic tee', 29.9 );
	do_action( 'woocommerce_add_to_cart', 'key1', 11, 2, 0, array(), array() );
	$events = tracked_in( st_output( 'wp_footer' ) );
	check( array( array( 'n' => 'add_to_cart', 'p' => array( 'product' => 'Organic tee', 'quantity' => 2, 'value' => 59.8, 'currency' => 'EUR' ) ) ) === $events, json_encode( $events ) );
	check( array() === tracked_in( st_output( 'wp_footer' ) ), 'printed once' );
}

function test_an_ajax_add_to_cart_travels_in_the_cart_fragments() {
	boot();
	$GLOBALS['st']['page']['ajax'] = true;
	$GLOBALS['st']['products'][12] = new ST_Product( 'Tote <b>"bag"</b>', 15 );
	do_action( 'woocommerce_add_to_cart', 'key2', 5, 1, 12, array(), array() );
	$fragments = apply_filters( 'woocommerce_add_to_cart_fragments', array( 'div.widget_shopping_cart_content' => '<div></div>' ) );
	check( isset( $fragments['div.sitetracker-events'] ), 'fragment added' );
	check( 1 === preg_match( '/data-events="([^"]*)"/', $fragments['div.sitetracker-events'], $m ), 'data-events' );
	$events = json_decode( html_entity_decode( $m[1], ENT_QUOTES ), true );
	check( 'add_to_cart' === $events[0]['n'] && 'Tote <b>"bag"</b>' === $events[0]['p']['product'], json_encode( $events ) );
	do_action( 'shutdown' );
	check( null === $GLOBALS['st']['session']->get( 'sitetracker_events' ), 'nothing left for the next page' );
}

function test_an_ajax_add_without_fragments_waits_for_the_next_page() {
	boot();
	$GLOBALS['st']['page']['ajax'] = true;
	do_action( 'woocommerce_add_to_cart', 'key3', 99, 1, 0, array(), array() );
	do_action( 'shutdown' );
	$GLOBALS['st']['page']['ajax'] = false;
	$events                        = tracked_in( st_output( 'wp_footer' ) );
	check( 'add_to_cart' === $events[0]['n'] && array( 'quantity' => 1, 'currency' => 'EUR' ) === $events[0]['p'], json_encode( $events ) );
}

function test_remove_from_cart_is_tracked_with_the_line() {
	boot();
	$GLOBALS['st']['products'][11]                      = new ST_Product( 'Organic tee', 29.9 );
	$GLOBALS['st']['cart']->removed_cart_contents['k'] = array( 'product_id' => 11, 'variation_id' => 0, 'quantity' => 3 );
	do_action( 'woocommerce_cart_item_removed', 'k', $GLOBALS['st']['cart'] );
	$events = tracked_in( st_output( 'wp_footer' ) );
	check( array( 'n' => 'remove_from_cart', 'p' => array( 'product' => 'Organic tee', 'quantity' => 3, 'value' => 89.7, 'currency' => 'EUR' ) ) === $events[0], json_encode( $events ) );
}

function test_staff_cart_changes_are_not_tracked() {
	boot();
	as_shop_manager();
	do_action( 'woocommerce_add_to_cart', 'key1', 11, 2, 0, array(), array() );
	check( null === $GLOBALS['st']['session']->get( 'sitetracker_events' ), 'nothing kept' );
	check( '' === st_output( 'wp_footer' ), 'nothing printed' );
}

// -- checkout ---------------------------------------------------------------------------------

function test_checkout_page_tracks_checkout_with_the_cart_and_keeps_the_visitor_in_a_cookie() {
	boot();
	$GLOBALS['st']['page']['checkout'] = true;
	$GLOBALS['st']['cart']->total      = 79.8;
	$GLOBALS['st']['cart']->count      = 3;
	$html                              = st_output( 'wp_footer' );
	$events                            = tracked_in( $html );
	check( array( array( 'n' => 'checkout', 'p' => array( 'value' => 79.8, 'currency' => 'EUR', 'items' => 3 ) ) ) === $events, json_encode( $events ) );
	contains( $html, "localStorage.getItem('st_vid')" );
	contains( $html, "document.cookie = 'st_vid=' + id + '; path=/; max-age=86400; SameSite=Lax'" );
	contains( $html, '"checkout":true' );
	contains( $html, "'#place_order, .wc-block-components-checkout-place-order-button'" );
	contains( $html, "st('pay_now', props)" );
	contains( $html, "on('checkout_error'" );
	contains( $html, '"email":false' );
}

function test_a_product_page_tracks_view_item() {
	boot();
	$GLOBALS['st']['products'][11]    = new ST_Product( 'Organic tee', 29.9 );
	$GLOBALS['st']['page']['product'] = 11;
	$events                           = tracked_in( st_output( 'wp_footer' ) );
	check( array( array( 'n' => 'view_item', 'p' => array( 'product' => 'Organic tee', 'value' => 29.9, 'currency' => 'EUR', 'id' => '11' ) ) ) === $events, json_encode( $events ) );
}

function test_a_search_page_tracks_the_words_and_how_many_were_found() {
	boot();
	$GLOBALS['st']['page']['search'] = "  linen\t <b>shirt</b> ";
	$GLOBALS['st']['page']['found']  = 0;
	$events                          = tracked_in( st_output( 'wp_footer' ) );
	check( array( array( 'n' => 'search', 'p' => array( 'q' => 'linen <b>shirt</b>', 'results' => 0 ) ) ) === $events, json_encode( $events ) );
	$GLOBALS['st']['page']['search'] = '   ';
	check( array() === tracked_in( st_output( 'wp_footer' ) ), 'no empty search' );
}

function test_the_thank_you_page_is_not_a_checkout() {
	boot();
	$GLOBALS['st']['page']['checkout'] = true;
	$GLOBALS['st']['page']['endpoint'] = 'order-received';
	$html                              = st_output( 'wp_footer' );
	check( array() === tracked_in( $html ), 'no checkout event' );
	contains( $html, '"checkout":false' );
}

function test_payment_error_email_is_sent_only_when_the_option_is_on() {
	boot( array( 'payment_error_email' => true ) );
	contains( st_output( 'wp_footer' ), '"email":true' );
}

function test_the_visitor_cookie_is_kept_on_the_new_order() {
	boot();
	$_COOKIE['st_vid'] = 'visitor-000111';
	$order             = order();
	do_action( 'woocommerce_checkout_order_created', $order );
	check( 'visitor-000111' === $order->meta['_sitetracker_vid'] && 1 === $order->saved, 'kept' );
	$_COOKIE['st_vid'] = '<script>';
	$other             = order( 1043 );
	do_action( 'woocommerce_store_api_checkout_update_order_meta', $other );
	check( array() === $other->meta, 'an invalid cookie is not kept' );
}

// -- purchases ----------------------------------------------------------------------------------

function test_thank_you_page_tracks_the_purchase() {
	boot();
	order();
	$events = tracked_in( st_output( 'woocommerce_thankyou', 1042 ) );
	$expect = array(
		'order_id' => '1042',
		'value'    => 79.8,
		'currency' => 'EUR',
		'items'    => array(
			array( 'product' => 'Organic tee', 'quantity' => 2, 'value' => 59.8 ),
			array( 'product' => 'Canvas tote', 'quantity' => 1, 'value' => 20 ),
		),
		'method'   => 'stripe',
	);
	check( array( array( 'n' => 'purchase', 'p' => $expect ) ) == $events, json_encode( $events ) );
}

function test_a_failed_orders_thank_you_page_is_no_purchase() {
	boot();
	order()->status = 'failed';
	check( '' === st_output( 'woocommerce_thankyou', 1042 ), 'nothing printed' );
}

function test_product_names_cannot_close_the_script() {
	boot();
	order()->items = array( new ST_Item( '</script><script>alert(1)</script>', 1, 10.0 ) );
	$html          = st_output( 'woocommerce_thankyou', 1042 );
	check( 1 === substr_count( $html, '</script>' ), $html );
}

function test_payment_complete_sends_a_signed_purchase_without_waiting() {
	boot();
	$order                             = order();
	$order->meta['_sitetracker_vid'] = 'visitor-000111';
	do_action( 'woocommerce_payment_complete', 1042 );
	check( 1 === count( $GLOBALS['st']['posts'] ), 'one request' );
	$post = $GLOBALS['st']['posts'][0];
	check( 'https://track.example.com/api/collect' === $post['url'], $post['url'] );
	check( false === $post['args']['blocking'] && 2 === $post['args']['timeout'], 'non-blocking, 2 s' );
	$body = $post['args']['body'];
	$headers = $post['args']['headers'];
	check( abs( time() - (int) $headers['X-SiteTracker-Timestamp'] ) < 60, 'a timestamp of now' );
	check( 1 === preg_match( '/^[0-9a-f]{32}$/', $headers['X-SiteTracker-Nonce'] ), 'a nonce' );
	$signed = $headers['X-SiteTracker-Timestamp'] . '.' . $headers['X-SiteTracker-Nonce'] . '.' . $body;
	check( 'sha256=' . hash_hmac( 'sha256', $signed, 'secret-of-the-site-0123456789' ) === $headers['X-SiteTracker-Signature'], 'signature' );
	do_action( 'woocommerce_payment_complete', 1042 );
	check( $GLOBALS['st']['posts'][1]['args']['headers']['X-SiteTracker-Nonce'] !== $headers['X-SiteTracker-Nonce'], 'a new nonce every request' );
	$data = json_decode( $body, true );
	check( 'a1b2c3d4e5f6a7b8' === $data['k'] && 'visitor-000111' === $data['v'], $body );
	check( 'purchase' === $data['ev'][0]['n'] && '1042' === $data['ev'][0]['p']['order_id'], $body );
	check( 'wc:order:1042:purchase' === $data['ev'][0]['i'], $body ); // as the webhooks' id
	check( 0 === strpos( $data['ua'], 'Mozilla/5.0' ), 'the shopper\'s browser' );
}

function test_server_events_name_the_shopper_by_cookie_else_a_stable_hash_of_the_customer() {
	boot();
	$order = order();
	$_COOKIE['st_vid'] = 'visitor-000222';
	check( 'visitor-000222' === SiteTracker_Visitor::for_order( $order ), 'cookie' );
	$_COOKIE = array();
	$guest   = SiteTracker_Visitor::for_order( $order );
	check( 1 === preg_match( '/^wc-[0-9a-f]{32}$/', $guest ), $guest );
	check( $guest === SiteTracker_Visitor::for_order( order( 2000 ) ), 'same email, same shopper' );
	$order->customer_id = 31;
	check( $guest !== SiteTracker_Visitor::for_order( $order ), 'an account is another basis' );
}

function test_a_failed_payment_is_a_signed_payment_error_without_the_email_by_default() {
	boot();
	order()->status = 'failed';
	do_action( 'woocommerce_order_status_failed', 1042, $GLOBALS['st']['orders'][1042] );
	$data = json_decode( $GLOBALS['st']['posts'][0]['args']['body'], true );
	$p    = $data['ev'][0]['p'];
	check( 'payment_error' === $data['ev'][0]['n'] && 'payment_failed' === $p['code'], json_encode( $data ) );
	check( preg_match( '/^wc:order:\d+:payment_error:20261201130340$/', $data['ev'][0]['i'] ), json_encode( $data ) );
	check( 'Payment failed (Credit card (Stripe))' === $p['message'] && 'stripe' === $p['method'], json_encode( $p ) );
	check( ! isset( $p['email'] ), 'no email by default' );
	boot( array( 'payment_error_email' => true ) );
	order();
	do_action( 'woocommerce_order_status_failed', 1042, $GLOBALS['st']['orders'][1042] );
	$data = json_decode( $GLOBALS['st']['posts'][0]['args']['body'], true );
	check( 'jane@example.com' === $data['ev'][0]['p']['email'], 'email when asked' );
}

function test_nothing_is_sent_until_configured() {
	boot( array( 'server_url' => '' ) );
	order();
	do_action( 'woocommerce_payment_complete', 1042 );
	check( array() === $GLOBALS['st']['posts'], 'no request' );
}

// -- modes for the Python tests -----------------------------------------------------------

$args = array_slice( $argv, 1 );
if ( isset( $args[0] ) && '--mint' === $args[0] ) {
	echo SiteTracker_Token::mint( $args[1], $args[2], $args[3], 'admin', isset( $args[4] ) ? (int) $args[4] : null );
	exit( 0 );
}
if ( isset( $args[0] ) && '--server-event' === $args[0] ) {
	boot(
		array(
			'server_url'          => $args[2],
			'site_key'            => $args[3],
			'site_secret'         => $args[4],
			'payment_error_email' => true,
		)
	);
	$order                             = order();
	$order->meta['_sitetracker_vid'] = 'visitor-000111';
	if ( 'purchase' === $args[1] ) {
		do_action( 'woocommerce_payment_complete', 1042 );
	} else {
		do_action( 'woocommerce_order_status_failed', 1042, $order );
	}
	$post = $GLOBALS['st']['posts'][0];
	echo json_encode( array( 'url' => $post['url'], 'headers' => $post['args']['headers'], 'body' => $post['args']['body'] ) );
	exit( 0 );
}

if ( isset( $args[0] ) && '--catalog-footer' === $args[0] ) {
	boot();
	$GLOBALS['st']['products'][11]    = new ST_Product( 'Organic tee', 29.9 );
	$GLOBALS['st']['page']['product'] = 11;
	$GLOBALS['st']['page']['search']  = 'linen shirt';
	$GLOBALS['st']['page']['found']   = 4;
	echo st_output( 'wp_footer' );
	exit( 0 );
}

if ( isset( $args[0] ) && '--checkout-footer' === $args[0] ) {
	boot( array( 'payment_error_email' => true ) );
	$GLOBALS['st']['page']['checkout'] = true;
	$GLOBALS['st']['cart']->total      = 79.8;
	$GLOBALS['st']['cart']->count      = 3;
	echo st_output( 'wp_footer' );
	exit( 0 );
}

foreach ( get_defined_functions()['user'] as $function ) {
	if ( 0 !== strpos( $function, 'test_' ) ) {
		continue;
	}
	$count++;
	try {
		$function();
		echo "ok   $function\n";
	} catch ( Throwable $error ) {
		$failures++;
		echo "FAIL $function\n     " . str_replace( "\n", "\n     ", $error->getMessage() ) . "\n";
	}
}
echo "\n$count tests, $failures failed\n";
exit( $failures ? 1 : 0 );

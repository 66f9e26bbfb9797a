<?php
/**
 * Who a server-side event is about.
 *
 * @package SiteTracker
 */

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * The shopper's visitor id for events this server sends. The widget keeps the id in the
 * browser's localStorage (`st_vid`), which the server cannot read; on the checkout page
 * the plugin's script copies it into a first-party cookie `st_vid`, which the checkout
 * request carries, and the plugin keeps it on the order (`_sitetracker_vid`), since
 * payment callbacks come from the payment provider, not the shopper's browser. Without
 * it, the id is a stable hash of the order's customer (account, else email, else order),
 * so the events of one customer still count as one shopper.
 */
class SiteTracker_Visitor {

	const COOKIE = 'st_vid';
	const META   = '_sitetracker_vid';
	const ID     = '/^[A-Za-z0-9_-]{8,64}$/';

	/**
	 * The `st_vid` cookie of this request, when valid.
	 *
	 * @return string|null
	 */
	public static function from_cookie() {
		if ( ! isset( $_COOKIE[ self::COOKIE ] ) ) {
			return null;
		}
		$value = sanitize_text_field( wp_unslash( (string) $_COOKIE[ self::COOKIE ] ) );
		return preg_match( self::ID, $value ) ? $value : null;
	}

	/**
	 * Keeps the cookie's id on the order being placed.
	 *
	 * @param WC_Order $order The new order.
	 */
	public static function remember( $order ) {
		$visitor = self::from_cookie();
		if ( null !== $visitor && is_object( $order ) ) {
			$order->update_meta_data( self::META, $visitor );
			$order->save();
		}
	}

	/**
	 * The id for events about `$order`: kept at checkout, else this request's cookie,
	 * else a hash of its customer.
	 *
	 * @param WC_Order $order The order.
	 * @return string
	 */
	public static function for_order( $order ) {
		$kept = (string) $order->get_meta( self::META );
		if ( preg_match( self::ID, $kept ) ) {
			return $kept;
		}
		$cookie = self::from_cookie();
		if ( null !== $cookie ) {
			return $cookie;
		}
		$customer = (int) $order->get_customer_id();
		$email    = strtolower( trim( (string) $order->get_billing_email() ) );
		if ( $customer > 0 ) {
			$basis = 'customer:' . $customer;
		} elseif ( '' !== $email ) {
			$basis = 'email:' . $email;
		} else {
			$basis = 'order:' . $order->get_id();
		}
		return 'wc-' . substr( hash( 'sha256', home_url() . '|' . $basis ), 0, 32 );
	}
}

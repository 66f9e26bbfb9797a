<?php
/**
 * Removes the plugin's settings when the plugin is deleted.
 *
 * @package SiteTracker
 */

if ( ! defined( 'WP_UNINSTALL_PLUGIN' ) ) {
	exit;
}

delete_option( 'sitetracker_settings' );

<?php
/**
 * WordPress's personal data tools (Tools > Export / Erase Personal Data): the WhatsApp
 * number and the time of the last verification are exported, and erased on request.
 *
 * @package AuthsignalWhatsApp
 */

namespace AuthsignalWhatsApp;

defined( 'ABSPATH' ) || exit;

/**
 * The exporter and the eraser.
 */
final class Privacy {

	/** The key of both in WordPress's lists. */
	public const KEY = 'authsignal-whatsapp-challenge';

	/** Hooks. */
	public static function register_hooks(): void {
		add_filter( 'wp_privacy_personal_data_exporters', array( self::class, 'register_exporter' ) );
		add_filter( 'wp_privacy_personal_data_erasers', array( self::class, 'register_eraser' ) );
	}

	/**
	 * Adds the exporter.
	 *
	 * @param array<string, array<string, mixed>> $exporters The exporters.
	 * @return array<string, array<string, mixed>>
	 */
	public static function register_exporter( $exporters ) {
		$exporters              = is_array( $exporters ) ? $exporters : array();
		$exporters[ self::KEY ] = array(
			'exporter_friendly_name' => __( 'WhatsApp verification', 'authsignal-whatsapp-challenge' ),
			'callback'               => array( self::class, 'export' ),
		);
		return $exporters;
	}

	/**
	 * Adds the eraser.
	 *
	 * @param array<string, array<string, mixed>> $erasers The erasers.
	 * @return array<string, array<string, mixed>>
	 */
	public static function register_eraser( $erasers ) {
		$erasers              = is_array( $erasers ) ? $erasers : array();
		$erasers[ self::KEY ] = array(
			'eraser_friendly_name' => __( 'WhatsApp verification', 'authsignal-whatsapp-challenge' ),
			'callback'             => array( self::class, 'erase' ),
		);
		return $erasers;
	}

	/**
	 * The data of the user with this email address.
	 *
	 * @param string $email The address.
	 * @return array{data: array<int, array<string, mixed>>, done: bool}
	 */
	public static function export( $email ): array {
		$user = is_string( $email ) ? get_user_by( 'email', $email ) : false;
		$data = array();
		if ( $user ) {
			$number      = Phone_Field::get( $user->ID );
			$verified_at = (int) get_user_meta( $user->ID, Verify_Handler::VERIFIED_AT_META, true );
			if ( '' !== $number ) {
				$data[] = array(
					'name'  => __( 'WhatsApp number', 'authsignal-whatsapp-challenge' ),
					'value' => $number,
				);
			}
			if ( $verified_at > 0 ) {
				$data[] = array(
					'name'  => __( 'Last WhatsApp verification', 'authsignal-whatsapp-challenge' ),
					'value' => gmdate( 'c', $verified_at ),
				);
			}
		}
		return array(
			'data' => array() === $data ? array() : array(
				array(
					'group_id'    => self::KEY,
					'group_label' => __( 'WhatsApp verification', 'authsignal-whatsapp-challenge' ),
					'item_id'     => 'authsignal-whatsapp-' . ( $user ? $user->ID : 0 ),
					'data'        => $data,
				),
			),
			'done' => true,
		);
	}

	/**
	 * Erases the data of the user with this email address.
	 *
	 * @param string $email The address.
	 * @return array{items_removed: bool, items_retained: bool, messages: string[], done: bool}
	 */
	public static function erase( $email ): array {
		$user    = is_string( $email ) ? get_user_by( 'email', $email ) : false;
		$removed = false;
		if ( $user ) {
			$old  = (string) get_user_meta( $user->ID, Phone_Field::META, true );
			$keys = array( Phone_Field::META, Verify_Handler::VERIFIED_AT_META );
			if ( defined( Phone_Field::class . '::CHANGE_META' ) ) {
				$keys[] = Phone_Field::CHANGE_META; // A new number waiting for its code.
			}
			foreach ( $keys as $key ) {
				if ( '' !== get_user_meta( $user->ID, $key, true ) ) {
					$removed = delete_user_meta( $user->ID, $key ) || $removed;
				}
			}
			if ( '' !== $old && '' === (string) get_user_meta( $user->ID, Phone_Field::META, true ) ) {
				// Erasing the number is a reset by someone else: logged for the site owner, and told as any change is.
				Number_Log::add( $user->ID, get_current_user_id(), $old );
				/** This action is documented in includes/class-phone-field.php */
				do_action( 'authsignal_whatsapp_number_changed', $user->ID, $old, '', 'reset' );
			}
		}
		return array(
			'items_removed'  => $removed,
			'items_retained' => false,
			'messages'       => array(),
			'done'           => true,
		);
	}
}
